import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface RaisedCode {
  code: string;
  where: string;
}

/** Errors that never reach an answer: the spreadsheet reader turns a ZipGuardError into FILE_TOO_LARGE or FILE_UNREADABLE. */
const INTERNAL_ERRORS = new Set(['ZipGuardError']);

/** Decorators that check nothing of their own (no constraint, hence no code). */
const NOT_CONSTRAINTS = new Set(['IsOptional']);

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{4,}$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : files(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [path] : [];
  });
}

/**
 * Every error code the code base can raise, read from its syntax tree: string literals given to an `…Error` or
 * `…Exception` constructor, `code:` properties of object literals (error bodies and problem details), and the
 * codes the error mapper answers with, and the detail codes of the class-validator constraints used in request
 * DTOs (the configuration's validators write their own Chinese messages). A code chosen at run time from a variable is not seen; those variables
 * are typed with codes that appear here as literals.
 */
export function raisedCodes(root: string): RaisedCode[] {
  const found: RaisedCode[] = [];
  for (const file of files(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const literal = (node: ts.Node | undefined) => {
      if (!node) return;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        if (CODE.test(node.text)) found.push({ code: node.text, where: where(node) });
      } else if (ts.isConditionalExpression(node)) {
        literal(node.whenTrue);
        literal(node.whenFalse);
      } else if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) {
        literal(node.expression);
      }
    };
    const visit = (node: ts.Node) => {
      const made = ts.isNewExpression(node) ? node.expression.getText(source) : '';
      if (ts.isNewExpression(node) && /(Error|Exception)$/.test(made) && !INTERNAL_ERRORS.has(made)) {
        for (const arg of node.arguments ?? []) literal(arg);
      }
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'code') literal(node.initializer);
      // super('RATE_LIMITED', …) in an error class, `code = 'FORBIDDEN'` defaults, the status → code table
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) for (const arg of node.arguments) literal(arg);
      if (ts.isParameter(node) && node.name.getText(source) === 'code') literal(node.initializer);
      if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'CODE_BY_STATUS' && node.initializer) {
        for (const p of (node.initializer as ts.ObjectLiteralExpression).properties ?? [])
          if (ts.isPropertyAssignment(p)) literal(p.initializer);
      }
      // class-validator decorators answer their constraint's name as the detail code (IsNotEmpty → IS_NOT_EMPTY)
      if (ts.isDecorator(node) && ts.isCallExpression(node.expression)) {
        const name = node.expression.expression.getText(source);
        if (
          !NOT_CONSTRAINTS.has(name) &&
          !file.includes(`${sep}infra${sep}config${sep}`) &&
          /^(Is|Min|Max|Matches|Length|Array)/.test(name)
        ) {
          const constraint = name === 'Length' ? 'isLength' : name.replace(/ISO/g, 'Iso');
          found.push({ code: constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(), where: where(node) });
        }
      }
      if (ts.isCallExpression(node) && ['body', 'problem', 'detail', 'fail', 'fileProblem'].includes(node.expression.getText(source))) {
        for (const arg of node.arguments) literal(arg);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
