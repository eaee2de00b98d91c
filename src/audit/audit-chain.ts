import { auditHash, GENESIS_HASH, HashedContent } from './audit-hash';

export interface ChainRow extends HashedContent {
  id: bigint;
  prevHash: string;
  hash: string;
}

export interface ChainVerdict {
  valid: boolean;
  checked: number;
  firstBrokenId?: string;
}

/**
 * Walks the chain in id order and says whether it holds: every entry links to its predecessor and carries the
 * keyed hash of its content and that link. Without the key (it is not in the database) nobody can rewrite the
 * chain consistently: a rewrite with the unkeyed algorithm or another key is reported at its first entry.
 */
export class ChainWalk {
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private broken: bigint | null = null;

  constructor(private readonly key: Buffer) {}

  /** false once the chain is broken (the rows after it need not be read) */
  step(row: ChainRow): boolean {
    if (this.broken !== null) return false;
    if (row.prevHash !== this.prevHash || row.hash !== auditHash(this.key, this.prevHash, row)) {
      this.broken = row.id;
      return false;
    }
    this.prevHash = row.hash;
    this.checked += 1;
    return true;
  }

  verdict(): ChainVerdict {
    if (this.broken !== null) return { valid: false, checked: this.checked, firstBrokenId: this.broken.toString() };
    return { valid: true, checked: this.checked };
  }
}
