import { useUser } from '../../session/session';

/** The operator's own institution (an operator account is always bound to one). */
export function useInstitutionId(): string {
  const user = useUser();
  if (!user.institutionId) throw new Error('An operator account without an institution');
  return user.institutionId;
}
