import { typeError } from '../python/py-errors.js';

/** Jinja2's `loop` variable inside `{% for %}`. */
export class LoopState {
  constructor(
    private readonly items: readonly unknown[],
    readonly index0: number,
  ) {}

  get index(): number {
    return this.index0 + 1;
  }

  get revindex(): number {
    return this.items.length - this.index0;
  }

  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }

  get first(): boolean {
    return this.index0 === 0;
  }

  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }

  get length(): number {
    return this.items.length;
  }

  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : undefined;
  }

  get nextitem(): unknown {
    return this.index0 + 1 < this.items.length ? this.items[this.index0 + 1] : undefined;
  }

  get depth(): number {
    return 1;
  }

  get depth0(): number {
    return 0;
  }

  /** `loop.cycle('odd', 'even')`: the argument at this iteration's position. */
  cycle(...values: unknown[]): unknown {
    if (values.length === 0) throw typeError('no items for cycling given');
    return values[this.index0 % values.length];
  }

  toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}
