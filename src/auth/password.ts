// Password hashing belongs to users (src/users/password.ts); this re-export keeps bench/rush.bench.ts compiling
// until it imports from there.
export { dummyPasswordHash, hashPassword, verifyPassword } from '../users/password';
