/**
 * Evaluates the constant expressions kernel headers use for flags and
 * ioctl numbers (`1ULL << 2`, `(1 << 3)`, `0x80000`, `BIT(2)`, `_IO(KVMIO, 0xd4)`)
 * so rules can compare values, not spellings. Anything else is undefined:
 * a wrong number is worse than none.
 */
export type Lookup = (name: string) => bigint | undefined;

const MASK64 = (1n << 64n) - 1n;
const TYPE_WORDS = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'unsigned', 'signed', 'long', 'int', 'short', 'char', 'size_t', 'gfp_t', '__u32', '__u64', 'uint32_t', 'uint64_t', 'pgoff_t', 'vm_flags_t']);

type Token = { kind: 'num'; value: bigint } | { kind: 'id'; name: string } | { kind: 'op'; op: string };

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|0[bB][01]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()~!&|^<>,?:]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      const lit = m[1];
      const value = /^0[0-7]+$/.test(lit) ? BigInt(`0o${lit.slice(1)}`) : BigInt(lit);
      out.push({ kind: 'num', value });
    } else if (m[2] !== undefined) out.push({ kind: 'id', name: m[2] });
    else out.push({ kind: 'op', op: m[3]! });
  }
  return out;
}

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

class Evaluator {
  private pos = 0;
  constructor(private readonly toks: Token[], private readonly lookup: Lookup) {}

  done(): boolean {
    return this.pos === this.toks.length;
  }

  private peekOp(): string | undefined {
    const t = this.toks[this.pos];
    return t?.kind === 'op' ? t.op : undefined;
  }

  private expectOp(op: string): void {
    if (this.peekOp() !== op) throw new Error(`expected ${op}`);
    this.pos++;
  }

  expr(minPrec = 0): bigint {
    let left = this.unary();
    for (;;) {
      const op = this.peekOp();
      if (op === '?') {
        if (minPrec > 0) return left;
        this.pos++;
        const a = this.expr();
        this.expectOp(':');
        const b = this.expr();
        left = left !== 0n ? a : b;
        continue;
      }
      const prec = op ? BINARY[op] : undefined;
      if (prec === undefined || prec <= minPrec) return left;
      this.pos++;
      left = binary(op!, left, this.expr(prec));
    }
  }

  private args(): bigint[] {
    this.expectOp('(');
    const out: bigint[] = [];
    if (this.peekOp() === ')') { this.pos++; return out; }
    for (;;) {
      out.push(this.argument());
      const op = this.peekOp();
      this.pos++;
      if (op === ')') return out;
      if (op !== ',') throw new Error('bad argument list');
    }
  }

  /** An argument that may be a bare type name (`_IOW(KVMIO, 0xd4, struct x)`): NaN-like -1 sentinel is never used as a value. */
  private argument(): bigint {
    const start = this.pos;
    try {
      return this.expr();
    } catch {
      this.pos = start;
      let depth = 0;
      while (this.pos < this.toks.length) {
        const op = this.peekOp();
        if (depth === 0 && (op === ',' || op === ')')) break;
        if (op === '(') depth++;
        if (op === ')') depth--;
        this.pos++;
      }
      return OPAQUE;
    }
  }

  private unary(): bigint {
    const t = this.toks[this.pos];
    if (!t) throw new Error('unexpected end');
    if (t.kind === 'num') { this.pos++; return t.value; }
    if (t.kind === 'id') {
      this.pos++;
      if (this.peekOp() === '(') return this.macro(t.name, this.args());
      const v = this.lookup(t.name);
      if (v === undefined) throw new Error(`unknown ${t.name}`);
      return v;
    }
    this.pos++;
    switch (t.op) {
      case '(': {
        if (this.isCast()) return this.unary();
        const v = this.expr();
        this.expectOp(')');
        return v;
      }
      case '-': return -this.unary();
      case '+': return this.unary();
      case '~': return ~this.unary() & MASK64;
      case '!': return this.unary() === 0n ? 1n : 0n;
      default: throw new Error(`unexpected ${t.op}`);
    }
  }

  /** `(u64)` or `(unsigned long)`: skip the cast, after the `(`. */
  private isCast(): boolean {
    let i = this.pos;
    while (this.toks[i]?.kind === 'id' && TYPE_WORDS.has((this.toks[i] as { name: string }).name)) i++;
    const t = this.toks[i];
    if (i > this.pos && t?.kind === 'op' && t.op === ')') { this.pos = i + 1; return true; }
    return false;
  }

  private macro(name: string, a: bigint[]): bigint {
    const real = (i: number): bigint => {
      const v = a[i];
      if (v === undefined || v === OPAQUE) throw new Error(`${name}: argument ${i}`);
      return v;
    };
    switch (name) {
      case 'BIT': case 'BIT_ULL': case '_BITUL': case '_BITULL': case 'BIT_U32': case 'BIT_U64': return 1n << real(0);
      case '_AC': case '_UL': case '_ULL': case 'UL': case 'ULL': case 'U32_C': case 'U64_C': return real(0);
      case 'GENMASK': case 'GENMASK_ULL': { const h = real(0); const l = real(1); return ((1n << (h - l + 1n)) - 1n) << l; }
      // ioctl numbers: the command number is what series collide on.
      case '_IO': case '_IOR': case '_IOW': case '_IOWR': return real(1);
      default: throw new Error(`macro ${name}`);
    }
  }
}

/** Marks a non-numeric macro argument (a type); distinct from every real value pmreview computes. */
const OPAQUE = -(1n << 200n);

function binary(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '||': return a !== 0n || b !== 0n ? 1n : 0n;
    case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1n : 0n;
    case '!=': return a !== b ? 1n : 0n;
    case '<': return a < b ? 1n : 0n;
    case '>': return a > b ? 1n : 0n;
    case '<=': return a <= b ? 1n : 0n;
    case '>=': return a >= b ? 1n : 0n;
    case '<<': if (b < 0n || b > 128n) throw new Error('shift'); return a << b;
    case '>>': if (b < 0n || b > 128n) throw new Error('shift'); return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': if (b === 0n) throw new Error('div0'); return a / b;
    case '%': if (b === 0n) throw new Error('div0'); return a % b;
    default: throw new Error(op);
  }
}

/** The value of a constant expression, or undefined when it is not one pmreview can evaluate. */
export function evaluateConstant(text: string, lookup: Lookup = () => undefined): bigint | undefined {
  const clean = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/\\\n/g, ' ').trim();
  if (!clean) return undefined;
  const toks = tokenize(clean);
  if (!toks) return undefined;
  try {
    const ev = new Evaluator(toks, lookup);
    const v = ev.expr();
    return ev.done() && v !== OPAQUE ? v : undefined;
  } catch {
    return undefined;
  }
}
