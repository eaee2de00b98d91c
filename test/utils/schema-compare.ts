import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type { Client } from 'pg';

/**
 * Compares what schema.prisma describes with what a PostgreSQL database actually contains, the way
 * `prisma migrate diff` would if its schema engine could run here. Both sides are reduced to the same
 * plain shape (names exactly as PostgreSQL stores them, types as information_schema spells them), then
 * every difference becomes one readable line, e.g.
 *   table "users": column "email" is in the database but not in schema.prisma
 */

export interface ColumnShape {
  type: string;
  nullable: boolean;
  /** normalised: 'autoincrement', 'now', a literal ('true', '0', 'DRAFT'), or null for no database default */
  default: string | null;
}

export interface IndexShape {
  unique: boolean;
  /** column names in order; ' DESC' appended for descending ones */
  columns: string[];
}

export interface ForeignKeyShape {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  columns: Map<string, ColumnShape>;
  primaryKey: { name: string; columns: string[] } | null;
  /** unique and normal indexes by name (the primary key's index is not listed here) */
  indexes: Map<string, IndexShape>;
  foreignKeys: Map<string, ForeignKeyShape>;
}

export interface SchemaShape {
  enums: Map<string, string[]>;
  tables: Map<string, TableShape>;
  /** sequences, as "<table>.<column>" of the column that owns them ('?' for none) */
  sequences: Set<string>;
}

// ───────────────────────────── schema.prisma side ─────────────────────────────

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: DmmfIndex[];
  };
}

/** PostgreSQL's NAMEDATALEN - 1; Prisma truncates generated constraint names to fit. */
const MAX_IDENTIFIER = 63;

// Prisma's naming conventions (psl ConstraintNames), truncation included.
export const prismaNames = {
  primaryKey: (table: string) => `${table.slice(0, MAX_IDENTIFIER - 5)}_pkey`,
  unique: (table: string, columns: string[]) => indexName(table, columns, '_key'),
  index: (table: string, columns: string[]) => indexName(table, columns, '_idx'),
  foreignKey: (table: string, columns: string[]) => `${`${table}_${columns.join('_')}`.slice(0, MAX_IDENTIFIER - 5)}_fkey`,
};

function indexName(table: string, columns: string[], suffix: string): string {
  return `${`${table}_${columns.join('_')}`.slice(0, MAX_IDENTIFIER - suffix.length)}${suffix}`;
}

function columnType(field: DmmfField, enumDbNames: Map<string, string>): string {
  const base = (() => {
    if (field.kind === 'enum') return `USER-DEFINED(${enumDbNames.get(field.type) ?? field.type})`;
    const [native, args = []] = field.nativeType ?? [];
    if (native) {
      switch (native) {
        case 'VarChar':
          return args.length ? `character varying(${args[0]})` : 'character varying';
        case 'Char':
          return `character(${args[0] ?? 1})`;
        case 'Text':
          return 'text';
        case 'Uuid':
          return 'uuid';
        case 'Date':
          return 'date';
        case 'Timestamptz':
          return `timestamp(${args[0] ?? 6}) with time zone`;
        case 'Timestamp':
          return `timestamp(${args[0] ?? 6}) without time zone`;
        case 'Integer':
          return 'integer';
        case 'SmallInt':
          return 'smallint';
        case 'BigInt':
          return 'bigint';
        case 'Decimal':
          return `numeric(${args.join(',') || '65,30'})`;
        case 'JsonB':
          return 'jsonb';
        case 'Json':
          return 'json';
        default:
          throw new Error(`schema-compare: native type @db.${native} of ${field.name} is not mapped yet; add it to columnType()`);
      }
    }
    const scalar: Record<string, string> = {
      String: 'text',
      Int: 'integer',
      BigInt: 'bigint',
      Boolean: 'boolean',
      DateTime: 'timestamp(3) without time zone',
      Json: 'jsonb',
      Float: 'double precision',
      Decimal: 'numeric(65,30)',
      Bytes: 'bytea',
    };
    const type = scalar[field.type];
    if (!type) throw new Error(`schema-compare: Prisma type ${field.type} of ${field.name} is not mapped yet; add it to columnType()`);
    return type;
  })();
  return field.isList ? `${base}[]` : base;
}

/** The database default Prisma's migrations would create; uuid()/cuid()/@updatedAt are filled in by the client, not the database. */
function expectedDefault(field: DmmfField): string | null {
  const d = field.default;
  if (d === undefined || d === null) return null;
  if (typeof d === 'object' && !Array.isArray(d) && 'name' in d) {
    const name = (d as { name: string; args?: unknown[] }).name;
    if (name === 'autoincrement' || name === 'now') return name;
    if (name === 'dbgenerated') return String((d as { args?: unknown[] }).args?.[0] ?? '');
    return null;
  }
  return String(d);
}

/** Reads schema.prisma (its text) into the shape a migrated database must have. */
export function expectedSchema(prismaSchema: string): SchemaShape {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', prismaSchema]] }))) as Dmmf;
  const { models, enums, indexes } = dmmf.datamodel;
  const enumDbNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const modelByName = new Map(models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    if (!f) throw new Error(`schema-compare: ${m.name}.${fieldName} not found`);
    return f.dbName ?? f.name;
  };

  const shape: SchemaShape = {
    enums: new Map(enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)])),
    tables: new Map(),
    sequences: new Set(),
  };

  for (const model of models) {
    const table = tableOf(model);
    const t: TableShape = { columns: new Map(), primaryKey: null, indexes: new Map(), foreignKeys: new Map() };
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (!field.relationFromFields?.length) continue;
        const target = modelByName.get(field.type)!;
        const columns = field.relationFromFields.map((f) => columnOf(model, f));
        t.foreignKeys.set(prismaNames.foreignKey(table, columns), {
          columns,
          refTable: tableOf(target),
          refColumns: (field.relationToFields ?? []).map((f) => columnOf(target, f)),
          // Prisma's referential actions when none is given: Restrict for required relations, SetNull for optional ones
          onDelete: field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull'),
          onUpdate: field.relationOnUpdate ?? 'Cascade',
        });
        continue;
      }
      const column = field.dbName ?? field.name;
      const dflt = expectedDefault(field);
      t.columns.set(column, { type: columnType(field, enumDbNames), nullable: !field.isRequired, default: dflt });
      if (dflt === 'autoincrement') shape.sequences.add(`${table}.${column}`);
    }
    for (const index of indexes.filter((i) => i.model === model.name)) {
      const columns = index.fields.map((f) => columnOf(model, f.name));
      const ordered = index.fields.map((f, i) => (f.sortOrder === 'desc' ? `${columns[i]} DESC` : columns[i]));
      if (index.type === 'id') t.primaryKey = { name: index.dbName ?? prismaNames.primaryKey(table), columns };
      else if (index.type === 'unique')
        t.indexes.set(index.dbName ?? prismaNames.unique(table, columns), { unique: true, columns: ordered });
      else if (index.type === 'normal')
        t.indexes.set(index.dbName ?? prismaNames.index(table, columns), { unique: false, columns: ordered });
      else throw new Error(`schema-compare: ${index.type} indexes are not supported`);
    }
    shape.tables.set(table, t);
  }
  return shape;
}

// ───────────────────────────── database side ─────────────────────────────

const ACTIONS: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

function normaliseDefault(raw: string | null): string | null {
  if (raw === null) return null;
  if (/^nextval\(/i.test(raw)) return 'autoincrement';
  if (/^(CURRENT_TIMESTAMP|now\(\))$/i.test(raw)) return 'now';
  const literal = /^'((?:[^']|'')*)'(?:::[\w" ]+)?$/.exec(raw);
  if (literal) return literal[1].replaceAll("''", "'");
  return raw.replace(/::[\w" ]+$/, '');
}

function columnTypeOf(row: {
  data_type: string;
  udt_name: string;
  character_maximum_length: number | null;
  datetime_precision: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
}): string {
  switch (row.data_type) {
    case 'USER-DEFINED':
      return `USER-DEFINED(${row.udt_name})`;
    case 'ARRAY':
      return `${row.udt_name.replace(/^_/, '')}[]`;
    case 'character varying':
    case 'character':
      return row.character_maximum_length === null ? row.data_type : `${row.data_type}(${row.character_maximum_length})`;
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return row.data_type.replace('timestamp', `timestamp(${row.datetime_precision})`);
    case 'numeric':
      return `numeric(${row.numeric_precision},${row.numeric_scale})`;
    default:
      return row.data_type;
  }
}

/** Reads the public schema of the database `client` is connected to; Prisma's own `_prisma_migrations` is left out. */
export async function actualSchema(client: Client): Promise<SchemaShape> {
  const shape: SchemaShape = { enums: new Map(), tables: new Map(), sequences: new Set() };

  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  for (const e of enums.rows) shape.enums.set(e.name, e.values);

  const tables = await client.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> '_prisma_migrations'`);
  for (const { name } of tables.rows) {
    shape.tables.set(name, { columns: new Map(), primaryKey: null, indexes: new Map(), foreignKeys: new Map() });
  }
  const table = (name: string) => shape.tables.get(name);

  const columns = await client.query(`
    SELECT table_name, column_name, is_nullable, column_default, data_type, udt_name,
           character_maximum_length, datetime_precision, numeric_precision, numeric_scale
    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
  for (const row of columns.rows) {
    table(row.table_name)?.columns.set(row.column_name, {
      type: columnTypeOf(row),
      nullable: row.is_nullable === 'YES',
      default: normaliseDefault(row.column_default),
    });
  }

  const indexes = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    columns: string[];
    partial: boolean;
  }>(`
    SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
           ix.indpred IS NOT NULL AS partial,
           array(SELECT CASE WHEN ix.indkey[k - 1] = 0 THEN '(' || pg_get_indexdef(ix.indexrelid, k, true) || ')'
                             ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = ix.indkey[k - 1]) END
                        || CASE WHEN ix.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                 FROM generate_series(1, ix.indnkeyatts) k ORDER BY k) AS columns
    FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const row of indexes.rows) {
    const t = table(row.table);
    if (!t) continue;
    if (row.primary) t.primaryKey = { name: row.name, columns: row.columns };
    else t.indexes.set(row.partial ? `${row.name} (partial)` : row.name, { unique: row.unique, columns: row.columns });
  }

  const fks = await client.query<{
    table: string;
    name: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    del: string;
    upd: string;
  }>(`
    SELECT t.relname AS table, c.conname AS name, r.relname AS ref_table, c.confdeltype AS del, c.confupdtype AS upd,
           array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'`);
  for (const row of fks.rows) {
    table(row.table)?.foreignKeys.set(row.name, {
      columns: row.columns,
      refTable: row.ref_table,
      refColumns: row.ref_columns,
      onDelete: ACTIONS[row.del] ?? row.del,
      onUpdate: ACTIONS[row.upd] ?? row.upd,
    });
  }

  const sequences = await client.query<{ owner: string | null }>(`
    SELECT (SELECT t.relname || '.' || a.attname FROM pg_depend d
              JOIN pg_class t ON t.oid = d.refobjid
              JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
             WHERE d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS owner, s.relname
    FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
    WHERE s.relkind = 'S' AND n.nspname = 'public' AND s.relname NOT LIKE '\\_prisma\\_migrations%'`);
  for (const row of sequences.rows) shape.sequences.add(row.owner ?? `? (${(row as unknown as { relname: string }).relname})`);

  return shape;
}

// ───────────────────────────── comparison ─────────────────────────────

const list = (xs: string[]) => `(${xs.join(', ')})`;

function diffKeys<T>(
  where: string,
  what: string,
  expected: Map<string, T>,
  actual: Map<string, T>,
  out: string[],
  compare: (name: string, e: T, a: T) => void,
): void {
  for (const [name, e] of expected) {
    const a = actual.get(name);
    if (a === undefined) out.push(`${where}${what} "${name}" is in schema.prisma but not in the database`);
    else compare(name, e, a);
  }
  for (const name of actual.keys()) {
    if (!expected.has(name)) out.push(`${where}${what} "${name}" is in the database but not in schema.prisma`);
  }
}

/** Every difference between what schema.prisma describes and what the database has, one readable line each; empty when they agree. */
export function diffSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const out: string[] = [];

  diffKeys('', 'enum', expected.enums, actual.enums, out, (name, e, a) => {
    if (e.join() !== a.join()) out.push(`enum "${name}": schema.prisma has ${list(e)}, the database has ${list(a)}`);
  });

  diffKeys('', 'table', expected.tables, actual.tables, out, (table, e, a) => {
    const at = `table "${table}": `;
    diffKeys(at, 'column', e.columns, a.columns, out, (column, ec, ac) => {
      if (ec.type !== ac.type) out.push(`${at}column "${column}" should be ${ec.type}, is ${ac.type}`);
      if (ec.nullable !== ac.nullable)
        out.push(`${at}column "${column}" should be ${ec.nullable ? 'NULL' : 'NOT NULL'}, is ${ac.nullable ? 'NULL' : 'NOT NULL'}`);
      if (ec.default !== ac.default)
        out.push(`${at}column "${column}" default should be ${ec.default ?? 'none'}, is ${ac.default ?? 'none'}`);
    });

    if (!e.primaryKey || !a.primaryKey) {
      if (e.primaryKey !== a.primaryKey) {
        out.push(
          `${at}primary key ${e.primaryKey ? `"${e.primaryKey.name}" ${list(e.primaryKey.columns)} is missing` : `"${a.primaryKey!.name}" is not in schema.prisma`}`,
        );
      }
    } else {
      if (e.primaryKey.name !== a.primaryKey.name)
        out.push(`${at}primary key should be named "${e.primaryKey.name}", is "${a.primaryKey.name}"`);
      if (e.primaryKey.columns.join() !== a.primaryKey.columns.join()) {
        out.push(`${at}primary key should be ${list(e.primaryKey.columns)}, is ${list(a.primaryKey.columns)}`);
      }
    }

    diffKeys(at, 'index', e.indexes, a.indexes, out, (name, ei, ai) => {
      if (ei.unique !== ai.unique)
        out.push(`${at}index "${name}" should be ${ei.unique ? 'unique' : 'non-unique'}, is ${ai.unique ? 'unique' : 'non-unique'}`);
      if (ei.columns.join() !== ai.columns.join())
        out.push(`${at}index "${name}" should be on ${list(ei.columns)}, is on ${list(ai.columns)}`);
    });

    diffKeys(at, 'foreign key', e.foreignKeys, a.foreignKeys, out, (name, ef, af) => {
      const describe = (f: ForeignKeyShape) =>
        `${list(f.columns)} → ${f.refTable}${list(f.refColumns)} ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate}`;
      if (describe(ef) !== describe(af)) out.push(`${at}foreign key "${name}" should be ${describe(ef)}, is ${describe(af)}`);
    });
  });

  for (const s of expected.sequences) if (!actual.sequences.has(s)) out.push(`sequence of ${s} (autoincrement) is missing`);
  for (const s of actual.sequences)
    if (!expected.sequences.has(s)) out.push(`sequence of ${s} is in the database but not in schema.prisma`);

  return out;
}

/** Shorthand: differences between schema.prisma's text and the database `client` is connected to. */
export async function schemaDrift(client: Client, prismaSchema: string): Promise<string[]> {
  return diffSchemas(expectedSchema(prismaSchema), await actualSchema(client));
}
