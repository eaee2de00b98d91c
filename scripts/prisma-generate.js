#!/usr/bin/env node
// `prisma generate` does not need the native schema engine, but the CLI tries to
// download it first unless PRISMA_SCHEMA_ENGINE_BINARY points at an executable.
// On machines without access to Prisma's binary host we point it at node itself.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const cli = path.join(__dirname, '..', 'node_modules', 'prisma', 'build', 'index.js');
execFileSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
