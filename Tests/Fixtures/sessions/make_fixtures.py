#!/usr/bin/env python3
"""Regenerate the hand-written agent session fixtures in this directory.

    python3 Tests/Fixtures/sessions/make_fixtures.py

Everything is deterministic: ids, signatures, hashes and timestamps come from
seeded random.Random instances and fixed start times, so re-running the script
produces byte-identical files.  The script prints the number of real model
calls per session file / sidechain (copied into README.md) and the positions
of the deliberately malformed lines.

Formats (see README.md for sources):
  * Claude Code 2.0.x transcripts: ~/.claude/projects/<project>/<session>.jsonl
  * Codex CLI rollouts (RolloutLine envelope, ~0.39 era) and the older
    pre-envelope rollout format (May 2025).
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
import re
import uuid
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def dumps(obj) -> str:
    """Compact JSON like JSON.stringify / serde_json (no ASCII escaping)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def iso_ms(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class Clock:
    def __init__(self, start: datetime, rng: random.Random):
        self.t = start
        self.rng = rng

    def tick(self, lo: int, hi: int | None = None) -> str:
        ms = lo if hi is None else self.rng.randint(lo, hi)
        self.t += timedelta(milliseconds=ms)
        return iso_ms(self.t)

    def now(self) -> str:
        return iso_ms(self.t)


class Ids:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def b62(self, n: int) -> str:
        return "".join(self.rng.choice(B62) for _ in range(n))

    def b64(self, nbytes: int, urlsafe: bool = False) -> str:
        raw = bytes(self.rng.getrandbits(8) for _ in range(nbytes))
        enc = base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)
        return enc.decode()

    def hexs(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))


def est_tokens(s: str) -> int:
    """Rough token estimate used only to make usage numbers plausible."""
    return max(1, math.ceil(len(s) / 3.6))


# ---------------------------------------------------------------------------
# Claude Code: the TypeScript project at /home/dev/shop
# ---------------------------------------------------------------------------

CC_CWD = "/home/dev/shop"
CC_VERSION = "2.0.14"
CC_BRANCH = "fix/cart-discount"
CC_MODEL = "claude-sonnet-4-5-20250929"

# Claude Code appends this to every text Read result (FileReadTool,
# CYBER_RISK_MITIGATION_REMINDER).
MALWARE_REMINDER = (
    "\n\n<system-reminder>\nWhenever you read a file, you should consider whether it would be "
    "considered malware. You CAN and SHOULD provide analysis of malware, what it is doing. "
    "But you MUST refuse to improve or augment the code. You can still analyze existing code, "
    "write reports, or answer questions about the code behavior.\n</system-reminder>\n"
)

TODO_RESULT = (
    "Todos have been modified successfully. Ensure that you continue to use the todo list to "
    "track your progress. Please proceed with the current tasks if applicable"
)


def gutter(lines: list[str], start: int = 1) -> str:
    """Read tool gutter: line number right-aligned to width 6, U+2192, line."""
    return "\n".join(f"{str(start + i).rjust(6)}\u2192{line}" for i, line in enumerate(lines))


CART_HEAD = """import _ from 'lodash';
import { roundMoney } from './utils/money';
import type { Product } from './types';

export interface LineItem {
  product: Product;
  quantity: number;
}

export interface Discount {
  code: string;
  percent: number;
  expiresAt?: Date;
}

/** Combined state + county sales tax for the shop's nexus. */
export const TAX_RATE = 0.0825;

export class Cart {
  private items: LineItem[] = [];
  private discount?: Discount;

  addItem(product: Product, quantity = 1): void {
    if (quantity <= 0) {
      throw new RangeError(`quantity must be positive, got ${quantity}`);
    }
    const existing = this.items.find((i) => i.product.sku === product.sku);
    if (existing) {
      existing.quantity += quantity;
    } else {
      this.items.push({ product, quantity });
    }
  }

  removeItem(sku: string): void {
    this.items = this.items.filter((i) => i.product.sku !== sku);
  }

  get lineItems(): readonly LineItem[] {
    return this.items;
  }

  applyDiscount(discount: Discount, now: Date = new Date()): void {
    if (discount.expiresAt && discount.expiresAt < now) {
      throw new Error(`discount ${discount.code} has expired`);
    }
    if (discount.percent <= 0 || discount.percent > 100) {
      throw new RangeError(`invalid discount percent ${discount.percent}`);
    }
    this.discount = discount;
  }

  clearDiscount(): void {
    this.discount = undefined;
  }

  subtotal(): number {
    return roundMoney(
      _.sumBy(this.items, (i) => i.product.price * i.quantity),
    );
  }
"""

CART_TAIL_V0 = """
  tax(): number {
    return roundMoney(this.subtotal() * TAX_RATE);
  }

  total(): number {
    const gross = this.subtotal() + this.tax();
    if (!this.discount) {
      return roundMoney(gross);
    }
    return roundMoney(gross * (1 - this.discount.percent / 100));
  }

  toJSON() {
    return {
      items: this.items.map((i) => ({ sku: i.product.sku, quantity: i.quantity })),
      discount: this.discount?.code ?? null,
      subtotal: this.subtotal(),
      tax: this.tax(),
      total: this.total(),
    };
  }
}
"""

EDIT1_OLD = "    return roundMoney(gross * (1 - this.discount.percent / 100));"
EDIT1_NEW = (
    "    // Nudge past binary floating point drift (e.g. 28.044999...) before rounding.\n"
    "    return roundMoney(gross * (1 - this.discount.percent / 100) + Number.EPSILON);"
)

EDIT2_OLD = """  tax(): number {
    return roundMoney(this.subtotal() * TAX_RATE);
  }

  total(): number {
    const gross = this.subtotal() + this.tax();
    if (!this.discount) {
      return roundMoney(gross);
    }
    // Nudge past binary floating point drift (e.g. 28.044999...) before rounding.
    return roundMoney(gross * (1 - this.discount.percent / 100) + Number.EPSILON);
  }"""

EDIT2_NEW = """  /** Subtotal after the percentage discount; tax is charged on this amount. */
  discountedSubtotal(): number {
    const percent = this.discount?.percent ?? 0;
    return roundMoney(this.subtotal() * (1 - percent / 100));
  }

  tax(): number {
    return roundMoney(this.discountedSubtotal() * TAX_RATE);
  }

  total(): number {
    return roundMoney(this.discountedSubtotal() + this.tax());
  }"""

CART_V0 = CART_HEAD + CART_TAIL_V0
CART_V1 = CART_V0.replace(EDIT1_OLD, EDIT1_NEW)
CART_V2 = CART_V1.replace(EDIT2_OLD, EDIT2_NEW)
assert CART_V1 != CART_V0 and CART_V2 != CART_V1

CART_TEST = """import { Cart, TAX_RATE } from '../cart';
import type { Product } from '../types';

const MUG: Product = { sku: 'MUG-001', name: 'Enamel mug', price: 12.99 };
const TEA: Product = { sku: 'TEA-104', name: 'Sencha, 50g', price: 4.5 };
const NOW = new Date('2026-11-18T12:00:00Z');

function filledCart(): Cart {
  const cart = new Cart();
  cart.addItem(MUG, 2);
  cart.addItem(TEA);
  return cart;
}

describe('Cart', () => {
  describe('items', () => {
    it('adds items', () => {
      const cart = filledCart();
      expect(cart.lineItems).toHaveLength(2);
    });

    it('merges quantities for the same sku', () => {
      const cart = filledCart();
      cart.addItem(MUG);
      expect(cart.lineItems[0].quantity).toBe(3);
    });

    it('rejects non-positive quantities', () => {
      expect(() => new Cart().addItem(MUG, 0)).toThrow(RangeError);
    });

    it('removes items by sku', () => {
      const cart = filledCart();
      cart.removeItem('TEA-104');
      expect(cart.lineItems.map((i) => i.product.sku)).toEqual(['MUG-001']);
    });
  });

  describe('totals', () => {
    it('computes the subtotal', () => {
      expect(filledCart().subtotal()).toBe(30.48);
    });

    it('uses an 8.25% tax rate', () => {
      expect(TAX_RATE).toBe(0.0825);
    });

    it('computes tax on the subtotal', () => {
      expect(filledCart().tax()).toBe(2.51);
    });

    it('computes the total without a discount', () => {
      expect(filledCart().total()).toBe(32.99);
    });
  });

  describe('discounts', () => {
    it('applies a percentage discount before tax', () => {
      const cart = filledCart();
      cart.applyDiscount({ code: 'SPRING15', percent: 15 }, NOW);

      // 30.48 - 15% = 25.91, + 8.25% tax on the discounted amount (2.14) = 28.05
      expect(cart.total()).toBe(28.05);
    });

    it('rejects expired discount codes', () => {
      const expired = { code: 'SUMMER10', percent: 10, expiresAt: new Date('2026-09-01T00:00:00Z') };
      expect(() => filledCart().applyDiscount(expired, NOW)).toThrow(/expired/);
    });

    it('rejects out-of-range percentages', () => {
      expect(() => filledCart().applyDiscount({ code: 'BAD', percent: 120 }, NOW)).toThrow(RangeError);
    });

    it('can clear a discount', () => {
      const cart = filledCart();
      cart.applyDiscount({ code: 'SPRING15', percent: 15 }, NOW);
      cart.clearDiscount();
      expect(cart.total()).toBe(32.99);
    });
  });
});
"""

MONEY_TS = """import _ from 'lodash';

/**
 * Round a currency amount to whole cents, half away from zero.
 * All money math in the shop goes through this helper.
 */
export function roundMoney(amount: number): number {
  return _.round(amount, 2);
}

export function formatMoney(amount: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
}

export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

export function sumMoney(amounts: readonly number[]): number {
  return fromCents(amounts.reduce((acc, a) => acc + toCents(a), 0));
}
"""

FORMAT_TS = """const SKU_WIDTH = 7;

export function formatSku(raw: string): string {
  const sku = raw.trim().toUpperCase();
  if (!sku) {
    throw new Error('empty sku');
  }
  return sku.padEnd(SKU_WIDTH, '0');
}

export function formatPercent(ratio: number): string {
  // Display only: money amounts must go through roundMoney().
  const pct = ratio * 100;
  return `${pct.toFixed(1)}%`;
}

export function pluralize(n: number, word: string): string {
  return n === 1 ? `${n} ${word}` : `${n} ${word}s`;
}
"""

CHECKOUT_TS = """import { Cart } from '../cart';
import { formatMoney, toCents } from '../utils/money';
import type { PaymentGateway } from './gateway';

export interface CheckoutResult {
  orderId: string;
  chargedCents: number;
  receipt: string[];
}

export async function checkout(
  cart: Cart,
  gateway: PaymentGateway,
  orderId: string,
): Promise<CheckoutResult> {
  if (cart.lineItems.length === 0) {
    throw new Error('cannot check out an empty cart');
  }
  const total = cart.total();
  const chargedCents = toCents(total);
  await gateway.charge({ orderId, amountCents: chargedCents, currency: 'USD' });

  const receipt = cart.lineItems.map(
    (i) => `${i.quantity} x ${i.product.name} @ ${formatMoney(i.product.price)}`,
  );
  receipt.push(`Subtotal: ${formatMoney(cart.subtotal())}`);
  receipt.push(`Tax: ${formatMoney(cart.tax())}`);
  receipt.push(`Total: ${formatMoney(total)}`);
  return { orderId, chargedCents, receipt };
}
"""

SRC_FILES = [
    "/home/dev/shop/src/api/__tests__/checkout.test.ts",
    "/home/dev/shop/src/api/checkout.ts",
    "/home/dev/shop/src/api/gateway.ts",
    "/home/dev/shop/src/__tests__/cart.test.ts",
    "/home/dev/shop/src/__tests__/catalog.test.ts",
    "/home/dev/shop/src/__tests__/inventory.test.ts",
    "/home/dev/shop/src/__tests__/orders.test.ts",
    "/home/dev/shop/src/cart.ts",
    "/home/dev/shop/src/catalog.ts",
    "/home/dev/shop/src/index.ts",
    "/home/dev/shop/src/inventory.ts",
    "/home/dev/shop/src/orders.ts",
    "/home/dev/shop/src/types.ts",
    "/home/dev/shop/src/utils/__tests__/format.test.ts",
    "/home/dev/shop/src/utils/__tests__/money.test.ts",
    "/home/dev/shop/src/utils/format.ts",
    "/home/dev/shop/src/utils/money.ts",
]


def lodash_math_section() -> tuple[int, list[str]]:
    """A lodash-4-style excerpt (the Math category), rendered from a table.

    Hand-written in lodash's style; not a verbatim copy of lodash.js.
    """
    fns = [
        ("add", "3.4.0", "Adds two numbers.",
         [("number", "augend", "The first number in an addition."),
          ("number", "addend", "The second number in an addition.")],
         ("number", "Returns the total."), ["_.add(6, 4);", "// => 10"],
         ["var add = createMathOperation(function(augend, addend) {",
          "  return augend + addend;", "}, 0);"]),
        ("ceil", "3.10.0", "Computes `number` rounded up to `precision`.",
         [("number", "number", "The number to round up."),
          ("number", "[precision=0]", "The precision to round up to.")],
         ("number", "Returns the rounded up number."),
         ["_.ceil(4.006);", "// => 5", "", "_.ceil(6.004, 2);", "// => 6.01", "",
          "_.ceil(6040, -2);", "// => 6100"],
         ["var ceil = createRound('ceil');"]),
        ("divide", "4.7.0", "Divide two numbers.",
         [("number", "dividend", "The first number in a division."),
          ("number", "divisor", "The second number in a division.")],
         ("number", "Returns the quotient."), ["_.divide(6, 4);", "// => 1.5"],
         ["var divide = createMathOperation(function(dividend, divisor) {",
          "  return dividend / divisor;", "}, 1);"]),
        ("floor", "3.10.0", "Computes `number` rounded down to `precision`.",
         [("number", "number", "The number to round down."),
          ("number", "[precision=0]", "The precision to round down to.")],
         ("number", "Returns the rounded down number."),
         ["_.floor(4.006);", "// => 4", "", "_.floor(0.046, 2);", "// => 0.04", "",
          "_.floor(4060, -2);", "// => 4000"],
         ["var floor = createRound('floor');"]),
        ("max", "0.1.0", "Computes the maximum value of `array`. If `array` is empty or falsey,\n"
         "`undefined` is returned.",
         [("Array", "array", "The array to iterate over.")],
         ("*", "Returns the maximum value."),
         ["_.max([4, 2, 8, 6]);", "// => 8", "", "_.max([]);", "// => undefined"],
         ["function max(array) {", "  return (array && array.length)",
          "    ? baseExtremum(array, identity, baseGt)", "    : undefined;", "}"]),
        ("maxBy", "4.0.0", "This method is like `_.max` except that it accepts `iteratee` which is\n"
         "invoked for each element in `array` to generate the criterion by which\n"
         "the value is ranked. The iteratee is invoked with one argument: (value).",
         [("Array", "array", "The array to iterate over."),
          ("Function", "[iteratee=_.identity]", "The iteratee invoked per element.")],
         ("*", "Returns the maximum value."),
         ["var objects = [{ 'n': 1 }, { 'n': 2 }];", "", "_.maxBy(objects, function(o) { return o.n; });",
          "// => { 'n': 2 }", "", "// The `_.property` iteratee shorthand.", "_.maxBy(objects, 'n');",
          "// => { 'n': 2 }"],
         ["function maxBy(array, iteratee) {", "  return (array && array.length)",
          "    ? baseExtremum(array, getIteratee(iteratee, 2), baseGt)", "    : undefined;", "}"]),
        ("mean", "4.0.0", "Computes the mean of the values in `array`.",
         [("Array", "array", "The array to iterate over.")],
         ("number", "Returns the mean."), ["_.mean([4, 2, 8, 6]);", "// => 5"],
         ["function mean(array) {", "  return baseMean(array, identity);", "}"]),
        ("meanBy", "4.7.0", "This method is like `_.mean` except that it accepts `iteratee` which is\n"
         "invoked for each element in `array` to generate the value to be averaged.\n"
         "The iteratee is invoked with one argument: (value).",
         [("Array", "array", "The array to iterate over."),
          ("Function", "[iteratee=_.identity]", "The iteratee invoked per element.")],
         ("number", "Returns the mean."),
         ["var objects = [{ 'n': 4 }, { 'n': 2 }, { 'n': 8 }, { 'n': 6 }];", "",
          "_.meanBy(objects, function(o) { return o.n; });", "// => 5"],
         ["function meanBy(array, iteratee) {",
          "  return baseMean(array, getIteratee(iteratee, 2));", "}"]),
        ("min", "0.1.0", "Computes the minimum value of `array`. If `array` is empty or falsey,\n"
         "`undefined` is returned.",
         [("Array", "array", "The array to iterate over.")],
         ("*", "Returns the minimum value."),
         ["_.min([4, 2, 8, 6]);", "// => 2", "", "_.min([]);", "// => undefined"],
         ["function min(array) {", "  return (array && array.length)",
          "    ? baseExtremum(array, identity, baseLt)", "    : undefined;", "}"]),
        ("minBy", "4.0.0", "This method is like `_.min` except that it accepts `iteratee` which is\n"
         "invoked for each element in `array` to generate the criterion by which\n"
         "the value is ranked. The iteratee is invoked with one argument: (value).",
         [("Array", "array", "The array to iterate over."),
          ("Function", "[iteratee=_.identity]", "The iteratee invoked per element.")],
         ("*", "Returns the minimum value."),
         ["var objects = [{ 'n': 1 }, { 'n': 2 }];", "", "_.minBy(objects, function(o) { return o.n; });",
          "// => { 'n': 1 }"],
         ["function minBy(array, iteratee) {", "  return (array && array.length)",
          "    ? baseExtremum(array, getIteratee(iteratee, 2), baseLt)", "    : undefined;", "}"]),
        ("multiply", "4.7.0", "Multiply two numbers.",
         [("number", "multiplier", "The first number in a multiplication."),
          ("number", "multiplicand", "The second number in a multiplication.")],
         ("number", "Returns the product."), ["_.multiply(6, 4);", "// => 24"],
         ["var multiply = createMathOperation(function(multiplier, multiplicand) {",
          "  return multiplier * multiplicand;", "}, 1);"]),
        ("round", "3.10.0", "Computes `number` rounded to `precision`.",
         [("number", "number", "The number to round."),
          ("number", "[precision=0]", "The precision to round to.")],
         ("number", "Returns the rounded number."),
         ["_.round(4.006);", "// => 4", "", "_.round(4.006, 2);", "// => 4.01", "",
          "_.round(4060, -2);", "// => 4100"],
         ["var round = createRound('round');"]),
        ("subtract", "4.0.0", "Subtract two numbers.",
         [("number", "minuend", "The first number in a subtraction."),
          ("number", "subtrahend", "The second number in a subtraction.")],
         ("number", "Returns the difference."), ["_.subtract(6, 4);", "// => 2"],
         ["var subtract = createMathOperation(function(minuend, subtrahend) {",
          "  return minuend - subtrahend;", "}, 0);"]),
        ("sum", "3.4.0", "Computes the sum of the values in `array`.",
         [("Array", "array", "The array to iterate over.")],
         ("number", "Returns the sum."), ["_.sum([4, 2, 8, 6]);", "// => 20"],
         ["function sum(array) {", "  return (array && array.length)",
          "    ? baseSum(array, identity)", "    : 0;", "}"]),
        ("sumBy", "4.0.0", "This method is like `_.sum` except that it accepts `iteratee` which is\n"
         "invoked for each element in `array` to generate the value to be summed.\n"
         "The iteratee is invoked with one argument: (value).",
         [("Array", "array", "The array to iterate over."),
          ("Function", "[iteratee=_.identity]", "The iteratee invoked per element.")],
         ("number", "Returns the sum."),
         ["var objects = [{ 'n': 4 }, { 'n': 2 }, { 'n': 8 }, { 'n': 6 }];", "",
          "_.sumBy(objects, function(o) { return o.n; });", "// => 20", "",
          "// The `_.property` iteratee shorthand.", "_.sumBy(objects, 'n');", "// => 20"],
         ["function sumBy(array, iteratee) {", "  return (array && array.length)",
          "    ? baseSum(array, getIteratee(iteratee, 2))", "    : 0;", "}"]),
    ]
    ind = "    "
    out = [ind + "/*------------------------------------------------------------------------*/", ""]
    for name, since, desc, params, ret, example, body in fns:
        out.append(ind + "/**")
        for d in desc.split("\n"):
            out.append(ind + " * " + d)
        out += [ind + " *", ind + " * @static", ind + " * @memberOf _", ind + f" * @since {since}",
                ind + " * @category Math"]
        for typ, pname, pdesc in params:
            out.append(ind + f" * @param {{{typ}}} {pname} {pdesc}")
        out.append(ind + f" * @returns {{{ret[0]}}} {ret[1]}")
        out += [ind + " * @example", ind + " *"]
        for e in example:
            out.append(ind + (" * " + e if e else " *"))
        out.append(ind + " */")
        for b in body:
            out.append(ind + b)
        out.append("")
    out += [ind + "/*------------------------------------------------------------------------*/", "",
            ind + "// Add methods that return wrapped values in chain sequences.",
            ind + "lodash.after = after;", ind + "lodash.ary = ary;", ind + "lodash.assign = assign;",
            ind + "lodash.assignIn = assignIn;", ind + "lodash.assignInWith = assignInWith;",
            ind + "lodash.assignWith = assignWith;", ind + "lodash.at = at;", ind + "lodash.before = before;",
            ind + "lodash.bind = bind;", ind + "lodash.bindAll = bindAll;", ind + "lodash.bindKey = bindKey;",
            ind + "lodash.castArray = castArray;", ind + "lodash.chain = chain;", ind + "lodash.chunk = chunk;"]
    start_line = 16422
    return start_line, out


def package_lock() -> str:
    rng = Ids(4242)
    deps = {"lodash": "^4.17.21"}
    dev_deps = {"@types/jest": "^29.5.12", "@types/lodash": "^4.17.0", "jest": "^29.7.0",
                "ts-jest": "^29.1.2", "typescript": "^5.4.5"}
    pkgs = [
        # (path, version, dev, extra)
        ("@ampproject/remapping", "2.3.0", True, {"dependencies": {"@jridgewell/gen-mapping": "^0.3.5",
                                                                     "@jridgewell/trace-mapping": "^0.3.24"},
                                                    "engines": {"node": ">=6.0.0"}}),
        ("@babel/code-frame", "7.24.2", True, {"dependencies": {"@babel/highlight": "^7.24.2",
                                                                 "picocolors": "^1.0.0"},
                                                "engines": {"node": ">=6.9.0"}}),
        ("@babel/compat-data", "7.24.4", True, {"engines": {"node": ">=6.9.0"}}),
        ("@babel/core", "7.24.5", True, {"dependencies": {"@ampproject/remapping": "^2.2.0",
                                                           "@babel/code-frame": "^7.24.2",
                                                           "@babel/generator": "^7.24.5",
                                                           "convert-source-map": "^2.0.0",
                                                           "debug": "^4.1.0", "json5": "^2.2.3",
                                                           "semver": "^6.3.1"},
                                          "engines": {"node": ">=6.9.0"}}),
        ("@babel/generator", "7.24.5", True, {"dependencies": {"@babel/types": "^7.24.5",
                                                                "jsesc": "^2.5.1"},
                                               "engines": {"node": ">=6.9.0"}}),
        ("@babel/highlight", "7.24.5", True, {"dependencies": {"chalk": "^2.4.2", "js-tokens": "^4.0.0",
                                                                "picocolors": "^1.0.0"},
                                               "engines": {"node": ">=6.9.0"}}),
        ("@babel/types", "7.24.5", True, {"dependencies": {"to-fast-properties": "^2.0.0"},
                                           "engines": {"node": ">=6.9.0"}}),
        ("@jest/core", "29.7.0", True, {"dependencies": {"@jest/console": "^29.7.0",
                                                          "@jest/reporters": "^29.7.0",
                                                          "@jest/test-result": "^29.7.0",
                                                          "ansi-escapes": "^4.2.1", "chalk": "^4.0.0",
                                                          "graceful-fs": "^4.2.9", "micromatch": "^4.0.4",
                                                          "slash": "^3.0.0"},
                                         "engines": {"node": "^14.15.0 || ^16.10.0 || >=18.0.0"}}),
        ("@jest/expect-utils", "29.7.0", True, {"dependencies": {"jest-get-type": "^29.6.3"},
                                                 "engines": {"node": "^14.15.0 || ^16.10.0 || >=18.0.0"}}),
        ("@jest/types", "29.6.3", True, {"dependencies": {"@jest/schemas": "^29.6.3",
                                                           "@types/node": "*", "chalk": "^4.0.0"},
                                          "engines": {"node": "^14.15.0 || ^16.10.0 || >=18.0.0"}}),
        ("@jridgewell/gen-mapping", "0.3.5", True, {"dependencies": {"@jridgewell/set-array": "^1.2.1",
                                                                      "@jridgewell/sourcemap-codec": "^1.4.10"},
                                                     "engines": {"node": ">=6.0.0"}}),
        ("@jridgewell/trace-mapping", "0.3.25", True, {"dependencies": {"@jridgewell/resolve-uri": "^3.1.0",
                                                                         "@jridgewell/sourcemap-codec": "^1.4.14"}}),
        ("@types/jest", "29.5.12", True, {"dependencies": {"expect": "^29.0.0", "pretty-format": "^29.0.0"}}),
        ("@types/lodash", "4.17.0", True, {}),
        ("@types/node", "20.12.8", True, {"dependencies": {"undici-types": "~5.26.4"}}),
        ("ansi-escapes", "4.3.2", True, {"dependencies": {"type-fest": "^0.21.3"}, "engines": {"node": ">=8"}}),
        ("chalk", "4.1.2", True, {"dependencies": {"ansi-styles": "^4.1.0", "supports-color": "^7.1.0"},
                                  "engines": {"node": ">=10"}}),
        ("convert-source-map", "2.0.0", True, {}),
        ("debug", "4.3.4", True, {"dependencies": {"ms": "2.1.2"}, "engines": {"node": ">=6.0"}}),
        ("graceful-fs", "4.2.11", True, {}),
        ("jest", "29.7.0", True, {"dependencies": {"@jest/core": "^29.7.0", "@jest/types": "^29.6.3",
                                                    "import-local": "^3.0.2", "jest-cli": "^29.7.0"},
                                  "bin": {"jest": "bin/jest.js"},
                                  "engines": {"node": "^14.15.0 || ^16.10.0 || >=18.0.0"}}),
        ("jest-get-type", "29.6.3", True, {"engines": {"node": "^14.15.0 || ^16.10.0 || >=18.0.0"}}),
        ("js-tokens", "4.0.0", True, {}),
        ("jsesc", "2.5.2", True, {"bin": {"jsesc": "bin/jsesc"}, "engines": {"node": ">=4"}}),
        ("json5", "2.2.3", True, {"bin": {"json5": "lib/cli.js"}, "engines": {"node": ">=6"}}),
        ("lodash", "4.17.21", False, {}),
        ("micromatch", "4.0.5", True, {"dependencies": {"braces": "^3.0.2", "picomatch": "^2.3.1"},
                                       "engines": {"node": ">=8.6"}}),
        ("ms", "2.1.2", True, {}),
        ("picocolors", "1.0.0", True, {}),
        ("pretty-format", "29.7.0", True, {"dependencies": {"@jest/schemas": "^29.6.3",
                                                             "ansi-styles": "^5.0.0", "react-is": "^18.0.0"},
                                           "engines": {"node": "^14.15.0 || ^16.10.0 || >=18.0.0"}}),
        ("semver", "7.6.0", True, {"dependencies": {"lru-cache": "^6.0.0"}, "bin": {"semver": "bin/semver.js"},
                                   "engines": {"node": ">=10"}}),
        ("slash", "3.0.0", True, {"engines": {"node": ">=8"}}),
        ("to-fast-properties", "2.0.0", True, {"engines": {"node": ">=4"}}),
        ("ts-jest", "29.1.2", True, {"dependencies": {"bs-logger": "0.x", "fast-json-stable-stringify": "2.x",
                                                       "jest-util": "^29.0.0", "json5": "^2.2.3",
                                                       "lodash.memoize": "4.x", "make-error": "1.x",
                                                       "semver": "^7.5.3", "yargs-parser": "^21.0.1"},
                                     "bin": {"ts-jest": "cli.js"},
                                     "engines": {"node": "^16.10.0 || ^18.0.0 || >=20.0.0"}}),
        ("typescript", "5.4.5", True, {"bin": {"tsc": "bin/tsc", "tsserver": "bin/tsserver"},
                                       "engines": {"node": ">=14.17"}}),
        ("undici-types", "5.26.5", True, {}),
    ]
    drop = {"@babel/compat-data", "@babel/highlight", "@jest/expect-utils", "@jridgewell/gen-mapping",
            "ansi-escapes", "convert-source-map", "graceful-fs", "js-tokens", "jsesc", "ms", "slash",
            "to-fast-properties", "undici-types", "picocolors"}
    pkgs = [x for x in pkgs if x[0] not in drop]
    packages: dict = {"": {"name": "shop", "version": "1.4.2", "license": "UNLICENSED",
                           "dependencies": deps, "devDependencies": dev_deps,
                           "engines": {"node": ">=20"}}}
    for name, version, dev, extra in pkgs:
        base = name.split("/")[-1]
        entry = {"version": version,
                 "resolved": f"https://registry.npmjs.org/{name}/-/{base}-{version}.tgz",
                 "integrity": "sha512-" + rng.b64(64)}
        if dev:
            entry["dev"] = True
        for k in ("dependencies", "bin", "engines"):
            if k in extra:
                entry[k] = extra[k]
        packages[f"node_modules/{name}"] = entry
    lock = {"name": "shop", "version": "1.4.2", "lockfileVersion": 3, "requires": True, "packages": packages}
    return json.dumps(lock, indent=2) + "\n"


def jest_output(after_fix: bool, time_line: str) -> tuple[str, bool]:
    """npm test (jest --verbose) output. Returns (text, failed)."""
    suites = [
        ("src/utils/__tests__/money.test.ts", [
            ("roundMoney", ["rounds half away from zero (3 ms)", "keeps two decimal places",
                            "handles negative amounts"]),
            ("formatMoney", ["formats USD by default (12 ms)", "formats other currencies"]),
            ("cents", ["converts to and from cents", "sums without floating point drift"]),
        ]),
        ("src/__tests__/catalog.test.ts", [
            ("Catalog", ["loads products from fixtures (5 ms)", "finds products by sku",
                         "returns undefined for unknown skus", "lists products by category"]),
        ]),
        ("src/__tests__/inventory.test.ts", [
            ("Inventory", ["reserves stock", "releases reservations", "refuses to oversell (2 ms)",
                           "reports low stock items"]),
        ]),
        ("src/utils/__tests__/format.test.ts", [
            ("formatSku", ["upper-cases and pads skus", "rejects empty skus"]),
            ("pluralize", ["handles one and many"]),
        ]),
        ("src/__tests__/orders.test.ts", [
            ("Orders", ["creates an order from a cart (8 ms)", "assigns sequential order ids",
                        "rejects empty carts", "marks orders as paid", "cancels unpaid orders"]),
        ]),
    ]
    cart_suite = [
        ("Cart", None),
        ("  items", ["adds items (2 ms)", "merges quantities for the same sku", "rejects non-positive quantities (6 ms)",
                     "removes items by sku"]),
        ("  totals", ["computes the subtotal", "uses an 8.25% tax rate", "computes tax on the subtotal",
                      "computes the total without a discount"]),
        ("  discounts", ["applies a percentage discount before tax (4 ms)", "rejects expired discount codes (1 ms)",
                         "rejects out-of-range percentages", "can clear a discount"]),
    ]
    checkout_suite = ("src/api/__tests__/checkout.test.ts", [
        ("checkout", ["charges the cart total in cents (9 ms)", "builds a receipt", "refuses empty carts",
                      "propagates gateway failures (3 ms)"]),
    ])
    failing = "applies a percentage discount before tax (4 ms)"
    out = ["", "> shop@1.4.2 test", "> jest --verbose", ""]
    n_pass = n_fail = 0

    def emit_suite(path, groups):
        nonlocal n_pass
        out.append(f"PASS {path}")
        for g, tests in groups:
            out.append(f"  {g}")
            for t in tests:
                out.append(f"    \u2713 {t}")
                n_pass += 1
        out.append("")

    for s in suites[:3]:
        emit_suite(*s)
    failed = not after_fix
    out.append(("FAIL " if failed else "PASS ") + "src/__tests__/cart.test.ts")
    for g, tests in cart_suite:
        out.append(f"  {g}")
        for t in tests or []:
            if t == failing and failed:
                out.append(f"      \u2715 {t}")
                n_fail += 1
            else:
                out.append(f"      \u2713 {t}")
                n_pass += 1
    out.append("")
    if failed:
        test_lines = CART_TEST.split("\n")
        idx = next(i for i, l in enumerate(test_lines) if "toBe(28.05)" in l)  # 0-based
        lineno = idx + 1
        col = test_lines[idx].index("toBe") + 1
        out += ["  \u25cf Cart \u203a discounts \u203a applies a percentage discount before tax", "",
                "    expect(received).toBe(expected) // Object.is equality", "",
                "    Expected: 28.05", "    Received: 28.04", ""]
        width = len(str(lineno + 3))
        for j in range(idx - 2, idx + 4):
            num = str(j + 1).rjust(width)
            text = test_lines[j]
            prefix = "    > " if j == idx else "      "
            out.append(f"{prefix}{num} |{(' ' + text) if text else ''}")
            if j == idx:
                out.append("      " + " " * width + " | " + " " * (col - 1) + "^")
        out += ["", f"      at Object.toBe (src/__tests__/cart.test.ts:{lineno}:{col})", ""]
    for s in suites[3:]:
        emit_suite(*s)
    emit_suite(*checkout_suite)
    total_tests = n_pass + n_fail
    if failed:
        out.append("Test Suites: 1 failed, 6 passed, 7 total")
        out.append(f"Tests:       1 failed, {n_pass} passed, {total_tests} total")
    else:
        out.append("Test Suites: 7 passed, 7 total")
        out.append(f"Tests:       {total_tests} passed, {total_tests} total")
    out.append("Snapshots:   0 total")
    out.append(time_line)
    out.append("Ran all test suites.")
    return "\n".join(out), failed


def structured_patch(old: str, new: str, ctx: int = 3) -> list[dict]:
    a, b = old.split("\n"), new.split("\n")
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    a_mid, b_mid = a[p:len(a) - s], b[p:len(b) - s]
    lo = max(0, p - ctx)
    before = a[lo:p]
    after = a[len(a) - s:len(a) - s + ctx]
    lines = [" " + l for l in before] + ["-" + l for l in a_mid] + ["+" + l for l in b_mid] + \
            [" " + l for l in after]
    return [{"oldStart": lo + 1, "oldLines": len(before) + len(a_mid) + len(after),
             "newStart": lo + 1, "newLines": len(before) + len(b_mid) + len(after), "lines": lines}]


def edit_snippet(new: str, new_string: str, ctx: int = 4) -> str:
    lines = new.split("\n")
    start = new[: new.index(new_string)].count("\n")
    end = start + new_string.count("\n")
    lo, hi = max(0, start - ctx), min(len(lines), end + ctx + 1)
    return gutter(lines[lo:hi], lo + 1)


class CCSession:
    """Builds one Claude Code transcript, record by record, in time order."""

    def __init__(self, session_id: str, clock: Clock, ids: Ids):
        self.sid = session_id
        self.clock = clock
        self.ids = ids
        self.rng = ids.rng
        self.lines: list[str] = []
        self.parent = {False: None, True: None}
        # cache_read starts at the cached system prompt + tool definitions.
        self.state = {False: {"read": 15872, "pending": 2104}, True: {"read": 0, "pending": 0}}
        self.last_usage = {False: None, True: None}
        self.side_tokens = 0
        self.all_usage: list[dict] = []

    # -- low level ---------------------------------------------------------
    def _base(self, sidechain: bool) -> dict:
        return {"parentUuid": self.parent[sidechain], "isSidechain": sidechain, "userType": "external",
                "cwd": CC_CWD, "sessionId": self.sid, "version": CC_VERSION, "gitBranch": CC_BRANCH}

    def emit(self, obj: dict) -> None:
        self.lines.append(dumps(obj))

    def raw(self, text: str) -> None:
        self.lines.append(text)

    # -- records -----------------------------------------------------------
    def user_prompt(self, text: str, sidechain: bool = False, u: str | None = None,
                    gap: tuple[int, int] = (4000, 20000)) -> str:
        rec = self._base(sidechain)
        u = u or self.ids.uuid4()
        rec.update({"type": "user", "message": {"role": "user", "content": text},
                    "uuid": u, "timestamp": self.clock.tick(*gap)})
        self.emit(rec)
        self.parent[sidechain] = u
        self.state[sidechain]["pending"] += est_tokens(text)
        return u

    def tool_result(self, tool_use_id: str, content, tur, is_error: bool = False,
                    sidechain: bool = False, gap: tuple[int, int] = (150, 1400)) -> str:
        block = {"tool_use_id": tool_use_id, "type": "tool_result", "content": content}
        if is_error:
            block["is_error"] = True
        rec = self._base(sidechain)
        u = self.ids.uuid4()
        rec.update({"type": "user", "message": {"role": "user", "content": [block]},
                    "uuid": u, "timestamp": self.clock.tick(*gap), "toolUseResult": tur})
        self.emit(rec)
        self.parent[sidechain] = u
        self.state[sidechain]["pending"] += est_tokens(content if isinstance(content, str) else dumps(content))
        return u

    def tool(self, name: str, inp: dict) -> dict:
        return {"type": "tool_use", "id": "toolu_01" + self.ids.b62(22), "name": name, "input": inp}

    def thinking(self, text: str) -> dict:
        return {"type": "thinking", "thinking": text, "signature": "Eq" + self.ids.b64(self.rng.randint(260, 520))}

    @staticmethod
    def text(t: str) -> dict:
        return {"type": "text", "text": t}

    def assistant(self, blocks: list[dict], sidechain: bool = False,
                  latency: tuple[int, int] = (1800, 6500)) -> list[dict]:
        """One model call: one record per content block, all sharing message.id and usage."""
        st = self.state[sidechain]
        out_tokens = 0
        for b in blocks:
            if b["type"] == "text":
                out_tokens += est_tokens(b["text"])
            elif b["type"] == "thinking":
                out_tokens += est_tokens(b["thinking"]) + 40
            else:
                out_tokens += est_tokens(dumps(b["input"])) + 12
        cc = st["pending"]
        usage = {"input_tokens": self.rng.randint(3, 9), "cache_creation_input_tokens": cc,
                 "cache_read_input_tokens": st["read"],
                 "cache_creation": {"ephemeral_5m_input_tokens": cc, "ephemeral_1h_input_tokens": 0},
                 "output_tokens": out_tokens, "service_tier": "standard"}
        st["read"] += cc
        st["pending"] = out_tokens
        self.last_usage[sidechain] = usage
        self.all_usage.append(usage)
        if sidechain:
            self.side_tokens += usage["input_tokens"] + cc + usage["cache_read_input_tokens"] + out_tokens
        stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
        msg_id = "msg_01" + self.ids.b62(22)
        req_id = "req_011C" + self.ids.b62(20)
        for i, b in enumerate(blocks):
            rec = self._base(sidechain)
            rec["message"] = {"id": msg_id, "type": "message", "role": "assistant", "model": CC_MODEL,
                              "content": [b], "stop_reason": stop, "stop_sequence": None, "usage": usage}
            rec["requestId"] = req_id
            rec["type"] = "assistant"
            u = self.ids.uuid4()
            rec["uuid"] = u
            rec["timestamp"] = self.clock.tick(*latency) if i == 0 else self.clock.tick(250, 1500)
            self.emit(rec)
            self.parent[sidechain] = u
        return blocks

    def synthetic(self, text: str = "No response requested.") -> str:
        rec = self._base(False)
        rec["message"] = {"id": self.ids.uuid4(), "container": None, "model": "<synthetic>", "role": "assistant",
                          "stop_reason": "stop_sequence", "stop_sequence": "", "type": "message",
                          "usage": {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 0,
                                    "cache_read_input_tokens": 0, "server_tool_use": {"web_search_requests": 0},
                                    "service_tier": None,
                                    "cache_creation": {"ephemeral_1h_input_tokens": 0,
                                                       "ephemeral_5m_input_tokens": 0}},
                          "content": [{"type": "text", "text": text}]}
        rec["type"] = "assistant"
        u = self.ids.uuid4()
        rec["uuid"] = u
        rec["timestamp"] = self.clock.tick(40, 120)
        rec["isApiErrorMessage"] = False
        self.emit(rec)
        self.parent[False] = u
        return u

    def system_local_command(self, content: str) -> str:
        rec = self._base(False)
        u = self.ids.uuid4()
        rec.update({"type": "system", "subtype": "local_command", "content": content, "level": "info",
                    "timestamp": self.clock.tick(600, 9000), "uuid": u, "isMeta": False})
        self.emit(rec)
        self.parent[False] = u
        return u

    def snapshot(self, message_id: str, backups: dict, snap_ts: str, update: bool) -> str:
        line = dumps({"type": "file-history-snapshot", "messageId": message_id,
                      "snapshot": {"messageId": message_id, "trackedFileBackups": backups, "timestamp": snap_ts},
                      "isSnapshotUpdate": update})
        self.raw(line)
        return line

    # -- tool result helpers ------------------------------------------------
    def read_result(self, use: dict, text: str, sidechain: bool = False,
                    start: int = 1, total: int | None = None) -> str:
        lines = text.split("\n")
        content = gutter(lines, start) + MALWARE_REMINDER
        tur = {"type": "text", "file": {"filePath": use["input"]["file_path"], "content": text,
                                        "numLines": len(lines), "startLine": start,
                                        "totalLines": total if total is not None else len(lines)}}
        return self.tool_result(use["id"], content, tur, sidechain=sidechain, gap=(40, 400))

    def bash_result(self, use: dict, output: str, exit_code: int, gap: tuple[int, int]) -> str:
        if exit_code == 0:
            tur = {"stdout": output, "stderr": "", "interrupted": False, "isImage": False}
            return self.tool_result(use["id"], output, tur, gap=gap)
        content = f"Exit code {exit_code}\n{output}"
        return self.tool_result(use["id"], content, "Error: " + content, is_error=True, gap=gap)

    def edit_result(self, use: dict, original: str, updated: str) -> str:
        inp = use["input"]
        content = (f"The file {inp['file_path']} has been updated. Here's the result of running `cat -n` "
                   f"on a snippet of the edited file:\n" + edit_snippet(updated, inp["new_string"]))
        tur = {"filePath": inp["file_path"], "oldString": inp["old_string"], "newString": inp["new_string"],
               "originalFile": original, "structuredPatch": structured_patch(original, updated),
               "userModified": False, "replaceAll": False}
        return self.tool_result(use["id"], content, tur, gap=(60, 500))

    def todo_result(self, use: dict, old: list) -> str:
        tur = {"oldTodos": old, "newTodos": use["input"]["todos"]}
        return self.tool_result(use["id"], TODO_RESULT, tur, gap=(20, 120))

    def write(self, path: str) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(self.lines) + "\n")


def grep_content(pattern: str, files: dict[str, str]) -> str:
    rx = re.compile(pattern)
    hits = []
    for path, text in files.items():
        for n, line in enumerate(text.split("\n"), 1):
            if rx.search(line):
                hits.append(f"{path}:{n}:{line}")
    return "\n".join(hits)


def todos(states: list[str]) -> list[dict]:
    items = [("Reproduce the failing cart discount test", "Reproducing the failing cart discount test"),
             ("Find why Cart.total() returns 28.04 instead of 28.05",
              "Finding why Cart.total() returns 28.04 instead of 28.05"),
             ("Fix Cart and re-run the full test suite", "Fixing Cart and re-running the full test suite")]
    return [{"content": c, "status": s, "activeForm": a} for (c, a), s in zip(items, states)]


CC_SESSION_A = "5b0e9f47-2d3c-4a61-9c8e-7f1a2b3c4d5e"
CC_SESSION_B = "a83d6c12-94e7-4b0f-8d25-3e6f9a1c7b40"
CC_PROJECT_DIR = os.path.join(HERE, "claude-code", "projects", "-home-dev-shop")


def p(rel: str) -> str:
    return f"{CC_CWD}/{rel}"


def build_cc_session_a() -> tuple[str, dict]:
    ids = Ids(20261118)
    clock = Clock(datetime(2026, 11, 18, 14, 2, 11, 305000, tzinfo=timezone.utc), ids.rng)
    s = CCSession(CC_SESSION_A, clock, ids)
    info: dict = {"notes": []}

    s.emit({"type": "queue-operation", "operation": "dequeue", "timestamp": clock.now(), "sessionId": s.sid})
    prompt_uuid = ids.uuid4()
    snap_ts = clock.tick(900)
    s.snapshot(prompt_uuid, {}, snap_ts, update=False)
    s.user_prompt("The cart tests started failing after I changed the tax rate to 8.25%. Can you fix the failing "
                  "test? `npm test` reproduces it. Don't change the test expectations, they match the spec "
                  "(discount first, then tax).", u=prompt_uuid, gap=(15, 40))

    # 1: run the tests
    bash1 = s.tool("Bash", {"command": "npm test", "description": "Run the jest test suite"})
    s.assistant([s.thinking("The user says a cart test fails after changing the tax rate to 8.25%. They want the "
                            "failing test fixed without touching the expectations. First reproduce it with npm test "
                            "and read the failure."),
                 s.text("I'll start by running the test suite to see exactly what fails."), bash1])
    out1, _ = jest_output(False, "Time:        4.118 s")
    out1 = out1.lstrip("\n")
    s.bash_result(bash1, out1, 1, gap=(4200, 5200))
    info["npm_test_1"] = out1

    # 2: todo list
    todo1 = s.tool("TodoWrite", {"todos": todos(["completed", "in_progress", "pending"])})
    s.assistant([todo1])
    s.todo_result(todo1, [])

    # 3: read the implementation and the test (parallel tool calls)
    read_cart = s.tool("Read", {"file_path": p("src/cart.ts")})
    read_test = s.tool("Read", {"file_path": p("src/__tests__/cart.test.ts")})
    s.assistant([s.text("One test fails: `Cart \u203a discounts \u203a applies a percentage discount before tax` "
                        "expects 28.05 but gets 28.04. Let me read the cart implementation and the test."),
                 read_cart, read_test])
    s.read_result(read_cart, CART_V0)
    s.read_result(read_test, CART_TEST)

    # 4: grep for rounding
    grep_files = {p("src/cart.ts"): CART_V0, p("src/utils/format.ts"): FORMAT_TS,
                  p("src/utils/money.ts"): MONEY_TS, p("src/api/checkout.ts"): CHECKOUT_TS}
    grep1 = s.tool("Grep", {"pattern": "roundMoney|_\\.round", "path": p("src"), "output_mode": "content",
                            "-n": True})
    s.assistant([s.text("Every amount goes through `roundMoney`. Let me see where rounding happens in `src`."),
                 grep1])
    gc = grep_content(r"roundMoney|_\.round", grep_files)
    s.tool_result(grep1["id"], gc, {"mode": "content", "numFiles": 0, "filenames": [], "content": gc,
                                    "numLines": gc.count("\n") + 1}, gap=(90, 400))

    # 5: glob the sources
    glob1 = s.tool("Glob", {"pattern": "src/**/*.ts"})
    s.assistant([glob1])
    s.tool_result(glob1["id"], "\n".join(SRC_FILES),
                  {"filenames": SRC_FILES, "durationMs": 41, "numFiles": len(SRC_FILES), "truncated": False},
                  gap=(60, 200))
    # -- malformed line #1: not JSON at all (a stray write from another process)
    s.raw("npm WARN config production Use `--omit=dev` instead.")
    info["notes"].append("non-JSON line")

    # 6: read lodash's Math section
    start, excerpt = lodash_math_section()
    lodash_read = s.tool("Read", {"file_path": p("node_modules/lodash/lodash.js"), "offset": start,
                                  "limit": len(excerpt)})
    s.assistant([s.text("`roundMoney` is just `_.round(amount, 2)`. Let me check how the installed lodash "
                        "implements `round`."), lodash_read])
    s.read_result(lodash_read, "\n".join(excerpt), start=start, total=17209)

    # 7: package-lock.json
    lock = package_lock()
    lock_read = s.tool("Read", {"file_path": p("package-lock.json")})
    s.assistant([s.text("`round` comes from `createRound`. Let me confirm which lodash version is locked."),
                 lock_read])
    s.read_result(lock_read, lock)
    info["lock_lines"] = len(lock.split("\n"))

    # 8: Task sub-agent (sidechain, interleaved in time order)
    sub_prompt = ("Audit every place in /home/dev/shop/src that rounds money values (roundMoney, _.round, "
                  "Math.round, toFixed). For each call site report the file and line, the precision used, and "
                  "whether the rounding happens before or after tax is applied. Do not modify any files.")
    task = s.tool("Task", {"description": "Audit money rounding call sites", "prompt": sub_prompt,
                           "subagent_type": "general-purpose"})
    s.assistant([s.text("lodash 4.17.21 is locked, so `_.round` itself is fine. I'll have a sub-agent audit the "
                        "rounding call sites while I work through the arithmetic."), task])
    task_started = clock.t
    s.parent[True] = None
    s.state[True] = {"read": 9984, "pending": 3120}
    s.user_prompt(sub_prompt, sidechain=True, gap=(300, 700))
    sgrep = s.tool("Grep", {"pattern": "roundMoney|_\\.round|Math\\.round|toFixed", "path": p("src"),
                            "output_mode": "content", "-n": True})
    s.assistant([s.text("I'll search for all rounding helpers in src."), sgrep], sidechain=True)
    sgc = grep_content(r"roundMoney|_\.round|Math\.round|toFixed",
                       {p("src/cart.ts"): CART_V0, p("src/utils/format.ts"): FORMAT_TS, p("src/utils/money.ts"): MONEY_TS})
    s.tool_result(sgrep["id"], sgc, {"mode": "content", "numFiles": 0, "filenames": [], "content": sgc,
                                     "numLines": sgc.count("\n") + 1}, sidechain=True, gap=(80, 300))
    sread = s.tool("Read", {"file_path": p("src/utils/money.ts")})
    s.assistant([sread], sidechain=True)
    s.read_result(sread, MONEY_TS, sidechain=True)
    report = ("Rounding call sites in src:\n\n"
              "- src/utils/money.ts:8 `roundMoney` = `_.round(amount, 2)` (2 decimals, half away from zero). "
              "`toCents` uses `Math.round(amount * 100)`.\n"
              "- src/cart.ts: `subtotal()` and `tax()` each round to 2 decimals via `roundMoney`. `tax()` is computed "
              "from `subtotal()`, i.e. on the amount **before** any discount. `total()` adds subtotal + tax and only "
              "then applies the discount percentage, rounding once more at the end.\n"
              "- src/utils/format.ts:14 `toFixed(1)` is only used to display percentages, not for money.\n\n"
              "No call site rounds to fewer than 2 decimals. The only ordering issue is in Cart: tax is charged on the "
              "undiscounted subtotal and the discount is taken off the taxed gross amount.")
    s.assistant([s.text(report)], sidechain=True)
    side_usage = s.last_usage[True]
    dur = int((clock.t - task_started).total_seconds() * 1000) + 700
    s.tool_result(task["id"], [{"type": "text", "text": report}],
                  {"status": "completed", "prompt": sub_prompt, "content": [{"type": "text", "text": report}],
                   "totalDurationMs": dur, "totalTokens": side_usage["input_tokens"]
                   + side_usage["cache_creation_input_tokens"] + side_usage["cache_read_input_tokens"]
                   + side_usage["output_tokens"], "totalToolUseCount": 2, "usage": side_usage}, gap=(700, 900))

    # 9: re-read cart.ts (unchanged)
    reread1 = s.tool("Read", {"file_path": p("src/cart.ts")})
    s.assistant([s.thinking("subtotal = 2*12.99 + 4.50 = 30.48. tax = round(30.48*0.0825 = 2.5146) = 2.51. "
                            "gross = 32.99, * 0.85 = 28.0415 -> 28.04. Expected 28.05. Maybe 28.0415 is really "
                            "28.04499... in binary floating point and lodash rounds it down; an epsilon nudge before "
                            "rounding might be enough. Let me look at total() again before editing."),
                 s.text("The sub-agent confirms all rounding is to 2 decimals. Let me look at `total()` again."),
                 reread1])
    s.read_result(reread1, CART_V0)

    # 10: first (wrong) fix
    edit1 = s.tool("Edit", {"file_path": p("src/cart.ts"), "old_string": EDIT1_OLD, "new_string": EDIT1_NEW})
    s.assistant([s.text("I'll guard the final rounding against floating point drift."), edit1])
    snap_line = s.snapshot(prompt_uuid, {"src/cart.ts": {"backupFileName": ids.hexs(16) + "@v1", "version": 1,
                                                         "backupTime": clock.tick(30, 90)}}, snap_ts, update=True)
    s.edit_result(edit1, CART_V0, CART_V1)
    # -- malformed line #2: a truncated copy of the snapshot line above (torn write)
    s.raw(snap_line[: len(snap_line) * 2 // 3])
    info["notes"].append("truncated JSON line")

    # 11: run the tests again: same failure, only the last lines differ
    bash2 = s.tool("Bash", {"command": "npm test", "description": "Re-run the jest test suite"})
    s.assistant([bash2])
    out2, _ = jest_output(False, "Time:        2.731 s, estimated 5 s")
    out2 = out2.lstrip("\n")
    s.bash_result(bash2, out2, 1, gap=(2800, 3600))
    info["npm_test_2"] = out2

    # 12: re-read cart.ts after the edit (most lines repeat)
    reread2 = s.tool("Read", {"file_path": p("src/cart.ts")})
    s.assistant([s.thinking("Still 28.04, so it is not floating point drift. The test comment spells it out: "
                            "30.48 - 15% = 25.908 -> 25.91, tax 8.25% of 25.91 = 2.1376 -> 2.14, total 28.05. Our "
                            "code charges tax on the undiscounted subtotal (2.51) and discounts the gross amount. "
                            "The discount has to be applied to the subtotal before tax. The epsilon hack should go."),
                 s.text("Still failing with the same value, so it's not a floating point problem. The test expects "
                        "the discount to come off the subtotal **before** tax; `total()` taxes the undiscounted "
                        "subtotal and discounts afterwards. Let me re-read the file with my edit in it."),
                 reread2])
    s.read_result(reread2, CART_V1)

    # 13: the real fix
    edit2 = s.tool("Edit", {"file_path": p("src/cart.ts"), "old_string": EDIT2_OLD, "new_string": EDIT2_NEW})
    s.assistant([s.text("I'll compute tax on the discounted subtotal and drop the epsilon workaround."), edit2])
    s.snapshot(prompt_uuid, {"src/cart.ts": {"backupFileName": ids.hexs(16) + "@v2", "version": 2,
                                             "backupTime": clock.tick(30, 90)}}, snap_ts, update=True)
    s.edit_result(edit2, CART_V1, CART_V2)

    # 14: tests pass
    bash3 = s.tool("Bash", {"command": "npm test", "description": "Run the jest test suite"})
    s.assistant([bash3])
    out3, _ = jest_output(True, "Time:        2.604 s, estimated 3 s")
    out3 = out3.lstrip("\n")
    s.bash_result(bash3, out3, 0, gap=(2600, 3300))

    # 15: close the todo list
    todo2 = s.tool("TodoWrite", {"todos": todos(["completed", "completed", "completed"])})
    s.assistant([todo2])
    s.todo_result(todo2, todos(["completed", "in_progress", "pending"]))

    # 16: final answer
    final = s.assistant([s.text(
        "All 39 tests pass now.\n\n**Cause:** `Cart.tax()` was computed from the undiscounted subtotal and "
        "`total()` applied the discount to the taxed gross amount (30.48 + 2.51 = 32.99, minus 15% = 28.04). "
        "The spec (and the test) take the discount off first: 25.91 + 2.14 tax = 28.05.\n\n"
        "**Fix (src/cart.ts):**\n- added `discountedSubtotal()`\n- `tax()` now uses the discounted subtotal\n"
        "- `total()` = discounted subtotal + tax\n\nI also removed the `Number.EPSILON` tweak I tried first; it "
        "wasn't needed. Note that `checkout.ts` prints `cart.tax()` on receipts, so receipts now show the tax on "
        "the discounted amount too.")])
    leaf = s.parent[False]

    # /cost as a local command, then the synthetic "No response requested." record
    s.system_local_command("<command-name>/cost</command-name>\n            <command-message>cost</command-message>\n"
                           "            <command-args></command-args>")
    tot = {k: sum(u[k] for u in s.all_usage) for k in ("input_tokens", "output_tokens",
                                                         "cache_read_input_tokens", "cache_creation_input_tokens")}
    cost = (tot["input_tokens"] * 3 + tot["output_tokens"] * 15 + tot["cache_read_input_tokens"] * 0.30
            + tot["cache_creation_input_tokens"] * 3.75) / 1e6

    def k(n: int) -> str:
        return f"{n / 1000:.1f}k" if n >= 1000 else str(n)
    added = removed = 0
    for old, new in ((CART_V0, CART_V1), (CART_V1, CART_V2)):
        for ln in structured_patch(old, new)[0]["lines"]:
            added += ln.startswith("+")
            removed += ln.startswith("-")
    wall = (clock.t - datetime(2026, 11, 18, 14, 2, 11, 305000, tzinfo=timezone.utc)).total_seconds() + 6.0
    api = wall * 0.55

    def mins(sec: float) -> str:
        return f"{int(sec // 60)}m {sec % 60:04.1f}s"
    s.system_local_command(f"<local-command-stdout>Total cost:            ${cost:.2f}\n"
                           f"Total duration (API):  {mins(api)}\nTotal duration (wall): {mins(wall)}\n"
                           f"Total code changes:    {added} lines added, {removed} lines removed\nUsage by model:\n"
                           f"        claude-sonnet-4-5:  {k(tot['input_tokens'])} input, {k(tot['output_tokens'])} "
                           f"output, {k(tot['cache_read_input_tokens'])} cache read, "
                           f"{k(tot['cache_creation_input_tokens'])} cache write (${cost:.2f})</local-command-stdout>")
    s.synthetic()

    s.lines.insert(0, dumps({"type": "summary", "summary": "Fix cart discount/tax ordering test failure",
                             "leafUuid": leaf}))
    path = os.path.join(CC_PROJECT_DIR, f"{CC_SESSION_A}.jsonl")
    s.write(path)
    return path, info


def build_cc_session_b() -> str:
    ids = Ids(20261119)
    clock = Clock(datetime(2026, 11, 19, 9, 40, 27, 918000, tzinfo=timezone.utc), ids.rng)
    s = CCSession(CC_SESSION_B, clock, ids)
    s.state[False] = {"read": 15872, "pending": 2071}
    prompt_uuid = ids.uuid4()
    s.snapshot(prompt_uuid, {}, clock.now(), update=False)
    s.user_prompt("After yesterday's fix, is tax computed on the discounted amount everywhere? I want to be sure "
                  "checkout.ts doesn't recompute it the old way.", u=prompt_uuid, gap=(10, 30))
    r1 = s.tool("Read", {"file_path": p("src/cart.ts")})
    s.assistant([s.text("Let me check the current `Cart` implementation first."), r1])
    s.read_result(r1, CART_V2)
    g1 = s.tool("Grep", {"pattern": "TAX_RATE|\\.tax\\(\\)", "path": p("src"), "output_mode": "files_with_matches"})
    s.assistant([s.text("`tax()` now uses `discountedSubtotal()`. Let me find every other place that touches tax."),
                 g1])
    files = [p("src/cart.ts"), p("src/api/checkout.ts"), p("src/__tests__/cart.test.ts")]
    s.tool_result(g1["id"], f"Found {len(files)} files\n" + "\n".join(files),
                  {"mode": "files_with_matches", "filenames": files, "numFiles": len(files)}, gap=(80, 300))
    r2 = s.tool("Read", {"file_path": p("src/api/checkout.ts")})
    s.assistant([r2])
    s.read_result(r2, CHECKOUT_TS)
    s.assistant([s.text(
        "Yes. Tax is only computed in one place, `Cart.tax()` (src/cart.ts), and it now uses "
        "`discountedSubtotal()`. `checkout.ts` doesn't recompute anything: it charges `toCents(cart.total())` "
        "and prints `cart.subtotal()` / `cart.tax()` on the receipt.\n\nOne thing you may want to change: the "
        "receipt prints the **undiscounted** `subtotal()` and no discount line, so for a discounted cart "
        "Subtotal + Tax won't add up to Total. Printing `discountedSubtotal()` (or adding a \"Discount\" line) "
        "would fix that.")])
    path = os.path.join(CC_PROJECT_DIR, f"{CC_SESSION_B}.jsonl")
    s.write(path)
    return path


# ---------------------------------------------------------------------------
# Codex CLI: the Python API at /home/dev/api
# ---------------------------------------------------------------------------

CX_CWD = "/home/dev/api"
CX_VERSION = "0.39.0"
CX_MODEL = "gpt-5-codex"
CX_SESSION = "6f1d2c9e-3b7a-4e5f-9a21-8c4d0e7b5f13"
CX_OLD_SESSION = "c2a7e410-5d9b-4f36-b8e1-0a4f6d2c9e87"
MODEL_FORMAT_MAX_BYTES = 10 * 1024
MODEL_FORMAT_MAX_LINES = 256

AGENTS_MD = """# api: notes for coding agents

- Python 3.12. Dependencies are managed with Poetry; the virtualenv lives in `.venv/`.
- Run the tests with `poetry run pytest -q`. The suite must pass before you finish.
- Application code is in `src/app/`, tests in `tests/`. Route handlers live in `src/app/routes/`.
- All datetimes are timezone-aware UTC. Never call `datetime.utcnow()`.
- Return 4xx errors with `HTTPException`; the middleware in `src/app/main.py` turns anything else into a 500.
- Do not edit `poetry.lock` by hand; use `poetry add` / `poetry update`."""

ORDERS_PY_V0 = '''"""Order creation endpoints."""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

from app.db import Session, get_session
from app.models import DiscountCode, Order, OrderLine, Product

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/orders", tags=["orders"])

CENT = Decimal("0.01")


class LineIn(BaseModel):
    sku: str
    quantity: int = Field(gt=0, le=100)


class OrderIn(BaseModel):
    items: list[LineIn] = Field(min_length=1)
    discount_code: str | None = None


class OrderOut(BaseModel):
    id: int
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    discount_code: str | None
    created_at: datetime


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def load_discount(session: Session, code: str | None) -> DiscountCode | None:
    if code is None:
        return None
    discount = session.get(DiscountCode, code.upper())
    if discount is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown discount code {code!r}")
    return discount


def apply_discount(subtotal: Decimal, discount: DiscountCode | None) -> Decimal:
    if discount is None:
        return Decimal("0")
    now = datetime.utcnow()
    if discount.expires_at is not None and discount.expires_at < now:
        raise ValueError(f"discount code {discount.code} expired on {discount.expires_at:%Y-%m-%d}")
    return _money(subtotal * Decimal(discount.percent) / 100)


@router.post("", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def create_order(payload: OrderIn, session: Session = Depends(get_session)) -> OrderOut:
    lines: list[OrderLine] = []
    subtotal = Decimal("0")
    for item in payload.items:
        product = session.get(Product, item.sku)
        if product is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown sku {item.sku!r}")
        if product.stock < item.quantity:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"only {product.stock} of {item.sku} left in stock",
            )
        lines.append(OrderLine(sku=product.sku, quantity=item.quantity, unit_price=product.price))
        subtotal += product.price * item.quantity

    discount = load_discount(session, payload.discount_code)
    discount_amount = apply_discount(subtotal, discount)
    order = Order(
        lines=lines,
        subtotal=_money(subtotal),
        discount=discount_amount,
        total=_money(subtotal - discount_amount),
        discount_code=discount.code if discount else None,
    )
    session.add(order)
    for line in lines:
        session.get(Product, line.sku).stock -= line.quantity
    session.commit()
    logger.info("created order %s (%d lines, total %s)", order.id, len(lines), order.total)
    return OrderOut.model_validate(order, from_attributes=True)


@router.get("/{order_id}", response_model=OrderOut)
def get_order(order_id: int, session: Session = Depends(get_session)) -> OrderOut:
    order = session.get(Order, order_id)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"order {order_id} not found")
    return OrderOut.model_validate(order, from_attributes=True)
'''

MAIN_PY = '''"""ASGI entry point."""

import logging
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.routes import orders, products

logger = logging.getLogger("app")

app = FastAPI(title="shop-api", version="0.9.3")


@app.middleware("http")
async def log_requests(request: Request, call_next):
    started = time.perf_counter()
    try:
        response = await call_next(request)
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(status_code=500, content={"detail": "internal server error"})
    elapsed_ms = (time.perf_counter() - started) * 1000
    logger.info("%s %s -> %d (%.1f ms)", request.method, request.url.path, response.status_code, elapsed_ms)
    return response


app.include_router(orders.router)
app.include_router(products.router)
'''

PATCH1 = """*** Begin Patch
*** Update File: src/app/main.py
@@
 app.include_router(orders.router)
 app.include_router(products.router)
+
+
+@app.exception_handler(ValueError)
+async def value_error_handler(request: Request, exc: ValueError) -> JSONResponse:
+    return JSONResponse(status_code=422, content={"detail": str(exc)})
*** End Patch"""

PATCH2 = """*** Begin Patch
*** Update File: src/app/routes/orders.py
@@
 import logging
-from datetime import datetime
+from datetime import datetime, timezone
 from decimal import ROUND_HALF_UP, Decimal
@@ def apply_discount(subtotal: Decimal, discount: DiscountCode | None) -> Decimal:
     if discount is None:
         return Decimal("0")
-    now = datetime.utcnow()
+    now = datetime.now(timezone.utc)
     if discount.expires_at is not None and discount.expires_at < now:
-        raise ValueError(f"discount code {discount.code} expired on {discount.expires_at:%Y-%m-%d}")
+        raise HTTPException(
+            status.HTTP_422_UNPROCESSABLE_ENTITY,
+            f"discount code {discount.code} expired on {discount.expires_at:%Y-%m-%d}",
+        )
     return _money(subtotal * Decimal(discount.percent) / 100)
*** End Patch"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, l in enumerate(text.split("\n"), 1) if needle in l)


def pytest_failure_output(duration: str) -> str:
    o = ORDERS_PY_V0
    call_line = line_of(o, "discount_amount = apply_discount(subtotal, discount)")
    cmp_line = line_of(o, "discount.expires_at < now:")
    mw_line = line_of(MAIN_PY, "response = await call_next(request)")
    exc_line = line_of(MAIN_PY, "logger.exception(")
    venv = "/home/dev/api/.venv/lib/python3.12/site-packages"

    def captured_log():
        return [
            "------------------------------ Captured log call -------------------------------",
            f"ERROR    app:main.py:{exc_line} unhandled error on POST /orders",
            "Traceback (most recent call last):",
            f'  File "/home/dev/api/src/app/main.py", line {mw_line}, in log_requests',
            "    response = await call_next(request)",
            "               ^^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "{venv}/starlette/middleware/base.py", line 163, in call_next',
            "    raise app_exc",
            f'  File "{venv}/starlette/middleware/base.py", line 149, in coro',
            "    await self.app(scope, receive_or_disconnect, send_no_error)",
            f'  File "{venv}/starlette/middleware/exceptions.py", line 65, in __call__',
            "    await wrap_app_handling_exceptions(self.app, conn)(scope, receive, send)",
            f'  File "{venv}/starlette/_exception_handler.py", line 53, in wrapped_app',
            "    raise exc",
            f'  File "{venv}/starlette/_exception_handler.py", line 42, in wrapped_app',
            "    await app(scope, receive, sender)",
            f'  File "{venv}/starlette/routing.py", line 72, in app',
            "    response = await func(request)",
            "               ^^^^^^^^^^^^^^^^^^^",
            f'  File "{venv}/fastapi/routing.py", line 278, in app',
            "    raw_response = await run_endpoint_function(",
            "                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "{venv}/fastapi/routing.py", line 193, in run_endpoint_function',
            "    return await run_in_threadpool(dependant.call, **values)",
            "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "{venv}/starlette/concurrency.py", line 42, in run_in_threadpool',
            "    return await anyio.to_thread.run_sync(func, *args)",
            "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "{venv}/anyio/_backends/_asyncio.py", line 859, in run',
            "    result = context.run(func, *args)",
            "             ^^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "/home/dev/api/src/app/routes/orders.py", line {call_line}, in create_order',
            "    discount_amount = apply_discount(subtotal, discount)",
            "                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            f'  File "/home/dev/api/src/app/routes/orders.py", line {cmp_line}, in apply_discount',
            "    if discount.expires_at is not None and discount.expires_at < now:",
            "                                           ^^^^^^^^^^^^^^^^^^^^^^^^^",
            "TypeError: can't compare offset-naive and offset-aware datetimes",
        ]

    out = ["..F..F...                                                                [100%]",
           "=================================== FAILURES ===================================",
           "______________________ test_expired_discount_returns_422 _______________________",
           "",
           "client = <starlette.testclient.TestClient object at 0x7f1c8e2d3b90>",
           "expired_code = DiscountCode(code='WINTER10', percent=10, expires_at=datetime.datetime(2026, 1, 31, 23, 59, 59, tzinfo=datetime.timezone.utc))",
           "",
           "    def test_expired_discount_returns_422(client, expired_code):",
           "        resp = client.post(",
           '            "/orders",',
           '            json={"items": [{"sku": "MUG-001", "quantity": 2}], "discount_code": expired_code.code},',
           "        )",
           ">       assert resp.status_code == 422",
           "E       assert 500 == 422",
           "E        +  where 500 = <Response [500 Internal Server Error]>.status_code",
           "",
           "tests/test_orders.py:41: AssertionError"] + captured_log() + [
           "___________________ test_discount_expiring_today_is_accepted ___________________",
           "",
           "client = <starlette.testclient.TestClient object at 0x7f1c8e1f0a10>",
           "code_expiring_tonight = DiscountCode(code='FLASH20', percent=20, expires_at=datetime.datetime(2026, 11, 21, 23, 59, 59, tzinfo=datetime.timezone.utc))",
           "",
           "    def test_discount_expiring_today_is_accepted(client, code_expiring_tonight):",
           "        resp = client.post(",
           '            "/orders",',
           '            json={"items": [{"sku": "MUG-001", "quantity": 1}], "discount_code": code_expiring_tonight.code},',
           "        )",
           ">       assert resp.status_code == 201",
           "E       assert 500 == 201",
           "E        +  where 500 = <Response [500 Internal Server Error]>.status_code",
           "",
           "tests/test_orders.py:67: AssertionError"] + captured_log() + [
           "=========================== short test summary info ============================",
           "FAILED tests/test_orders.py::test_expired_discount_returns_422 - assert 500 == 422",
           "FAILED tests/test_orders.py::test_discount_expiring_today_is_accepted - assert 500 == 201",
           f"2 failed, 7 passed in {duration}"]
    return "\n".join(out) + "\n"


def poetry_lock() -> str:
    rng = Ids(777)
    pk = [
        ("annotated-types", "0.7.0", "Reusable constraint types to use with typing.Annotated", ">=3.8", 1, {}),
        ("anyio", "4.4.0", "High level compatibility layer for multiple asynchronous event loop implementations",
         ">=3.8", 1, {"idna": ">=2.8", "sniffio": ">=1.1"}),
        ("certifi", "2024.7.4", "Python package for providing Mozilla's CA Bundle.", ">=3.6", 1, {}),
        ("click", "8.1.7", "Composable command line interface toolkit", ">=3.7", 1,
         {"colorama": {"version": "*", "markers": "platform_system == \"Windows\""}}),
        ("fastapi", "0.112.2", "FastAPI framework, high performance, easy to learn, fast to code, ready for production",
         ">=3.8", 1, {"pydantic": ">=1.7.4,<1.8 || >1.8,<1.8.1 || >1.8.1,<2.0.0 || >2.0.0,<2.0.1 || >2.0.1,<2.1.0 || >2.1.0,<3.0.0",
                      "starlette": ">=0.37.2,<0.39.0", "typing-extensions": ">=4.8.0"}),
        ("greenlet", "3.0.3", "Lightweight in-process concurrent programming", ">=3.7", 6, {}),
        ("h11", "0.14.0", "A pure-Python, bring-your-own-I/O implementation of HTTP/1.1", ">=3.7", 1, {}),
        ("httpcore", "1.0.5", "A minimal low-level HTTP client.", ">=3.8", 1, {"certifi": "*", "h11": ">=0.13,<0.15"}),
        ("httpx", "0.27.0", "The next generation HTTP client.", ">=3.8", 1,
         {"anyio": "*", "certifi": "*", "httpcore": "==1.*", "idna": "*", "sniffio": "*"}),
        ("idna", "3.8", "Internationalized Domain Names in Applications (IDNA)", ">=3.6", 1, {}),
        ("iniconfig", "2.0.0", "brain-dead simple config-ini parsing", ">=3.7", 1, {}),
        ("packaging", "24.1", "Core utilities for Python packages", ">=3.8", 1, {}),
        ("pluggy", "1.5.0", "plugin and hook calling mechanisms for python", ">=3.8", 1, {}),
        ("pydantic", "2.8.2", "Data validation using Python type hints", ">=3.8", 1,
         {"annotated-types": ">=0.4.0", "pydantic-core": "2.20.1", "typing-extensions": ">=4.6.1"}),
        ("pydantic-core", "2.20.1", "Core functionality for Pydantic validation and serialization", ">=3.8", 9,
         {"typing-extensions": ">=4.6.0,<4.7.0 || >4.7.0"}),
        ("pytest", "8.3.2", "pytest: simple powerful testing with Python", ">=3.8", 1,
         {"colorama": {"version": "*", "markers": "sys_platform == \"win32\""}, "iniconfig": "*",
          "packaging": "*", "pluggy": ">=1.5,<2"}),
        ("sniffio", "1.3.1", "Sniff out which async library your code is running under", ">=3.7", 1, {}),
        ("sqlalchemy", "2.0.32", "Database Abstraction Library", ">=3.7", 9,
         {"greenlet": {"version": "!=0.4.17", "markers": "python_version < \"3.13\" and (platform_machine == \"aarch64\" or platform_machine == \"x86_64\")"},
          "typing-extensions": ">=4.6.0"}),
        ("starlette", "0.38.2", "The little ASGI library that shines.", ">=3.8", 1, {"anyio": ">=3.4.0,<5"}),
        ("typing-extensions", "4.12.2", "Backported and Experimental Type Hints for Python 3.8+", ">=3.8", 1, {}),
        ("uvicorn", "0.30.6", "The lightning-fast ASGI server.", ">=3.8", 1, {"click": ">=7.0", "h11": ">=0.8"}),
    ]
    out = ["# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.", ""]
    for name, version, desc, py, nwheels, deps in pk:
        mod = name.replace("-", "_")
        out += ["[[package]]", f'name = "{name}"', f'version = "{version}"', f'description = "{desc}"',
                "optional = false", f'python-versions = "{py}"', "files = ["]
        tags = ["cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp312-cp312-macosx_11_0_arm64",
                "cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64", "cp312-none-win_amd64",
                "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp311-cp311-macosx_11_0_arm64",
                "cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp313-cp313-macosx_11_0_arm64"]
        names = ([f"{mod}-{version}-py3-none-any.whl"] if nwheels == 1 else
                 [f"{mod}-{version}-{t}.whl" for t in tags[: nwheels - 1]]) + [f"{mod}-{version}.tar.gz"]
        for fn in names:
            out.append(f'    {{file = "{fn}", hash = "sha256:{rng.hexs(64)}"}},')
        out += ["]", ""]
        if deps:
            out.append("[package.dependencies]")
            for dn, spec in deps.items():
                if isinstance(spec, dict):
                    out.append(f'{dn} = {{version = "{spec["version"]}", markers = "{spec["markers"].replace(chr(34), chr(92) + chr(34))}"}}')
                else:
                    out.append(f'{dn} = "{spec}"')
            out.append("")
    out += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.12"',
            f'content-hash = "{rng.hexs(64)}"']
    return "\n".join(out) + "\n"


def format_exec_output_str(s: str) -> str:
    """Port of codex-rs core format_exec_output_str (head+tail truncation for the model)."""
    data = s.encode()
    lines = s.splitlines()
    total_lines = len(lines)
    if len(data) <= MODEL_FORMAT_MAX_BYTES and total_lines <= MODEL_FORMAT_MAX_LINES:
        return s
    head_take = min(MODEL_FORMAT_MAX_LINES // 2, len(lines))
    tail_take = min(MODEL_FORMAT_MAX_LINES - MODEL_FORMAT_MAX_LINES // 2, max(0, len(lines) - head_take))
    omitted = max(0, len(lines) - (head_take + tail_take))
    head_block = "\n".join(lines[:head_take])
    tail_block = "\n".join(lines[len(lines) - tail_take:]) if tail_take > 0 else ""
    marker = f"\n[... omitted {omitted} of {total_lines} lines ...]\n\n"
    head_budget = MODEL_FORMAT_MAX_BYTES // 2
    tail_budget = max(0, MODEL_FORMAT_MAX_BYTES - (head_budget + len(marker)))
    if tail_budget == 0:
        head_budget = max(0, MODEL_FORMAT_MAX_BYTES - len(marker))
    head_part = head_block.encode()[:head_budget].decode("utf-8", "ignore")
    result = head_part + marker
    remaining = max(0, MODEL_FORMAT_MAX_BYTES - len(result.encode()))
    tb = tail_block.encode()
    tail_part = tb[len(tb) - remaining:].decode("utf-8", "ignore") if remaining < len(tb) else tail_block
    return result + tail_part


def exec_output(aggregated: str, exit_code: int, duration: float) -> str:
    """Port of codex-rs format_exec_output: a pre-serialized JSON payload."""
    return dumps({"output": format_exec_output_str(aggregated),
                  "metadata": {"exit_code": exit_code, "duration_seconds": round(duration, 1)}})


class CXRollout:
    """Builds a RolloutLine-enveloped rollout.

    Ordering follows codex-rs of that era: events (agent_reasoning, agent_message,
    token_count) are persisted while the response streams, and the call's
    ResponseItems (plus the tool outputs, paired by process_items) are recorded
    after run_turn returns, i.e. after that call's token_count event.
    """

    OUTPUT_TYPES = ("reasoning", "function_call", "custom_tool_call", "message")

    def __init__(self, clock: Clock, ids: Ids):
        self.clock = clock
        self.ids = ids
        self.rng = ids.rng
        self.lines: list[str] = []
        self.total = {"input_tokens": 0, "cached_input_tokens": 0, "output_tokens": 0,
                      "reasoning_output_tokens": 0, "total_tokens": 0}
        self.context = 0
        self.calls = 0
        self.prev_input = None
        self.buf: list[dict] | None = None

    def line(self, typ: str, payload: dict, gap: tuple[int, int] = (5, 60)) -> str:
        text = dumps({"timestamp": self.clock.tick(*gap), "type": typ, "payload": payload})
        self.lines.append(text)
        return text

    def item(self, payload: dict, gap=(5, 60)) -> None:
        self.context += est_tokens(dumps(payload))
        if self.buf is not None:
            self.buf.append(payload)
        else:
            self.line("response_item", payload, gap)

    def user_text(self, text: str, gap=(5, 60)) -> None:
        self.item({"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}, gap)

    def begin_call(self) -> None:
        # prompt = base instructions + tools (~6.2k tokens) + everything recorded so far
        self.context_at_call = 6214 + self.context
        self.buf = []

    def reasoning(self, summary: str | None) -> None:
        if summary:
            self.line("event_msg", {"type": "agent_reasoning", "text": summary}, (1500, 6000))
        else:
            self.clock.tick(1500, 6000)
        self.item({"type": "reasoning",
                   "summary": [{"type": "summary_text", "text": summary}] if summary else [],
                   "content": None,
                   "encrypted_content": "gAAAAAB" + self.ids.b64(self.rng.randint(700, 1500), urlsafe=True)})

    def shell(self, script: str, timeout_ms: int | None = None) -> str:
        call_id = "call_" + self.ids.b62(24)
        args = {"command": ["bash", "-lc", script], "workdir": CX_CWD}
        if timeout_ms:
            args["timeout_ms"] = timeout_ms
        self.clock.tick(200, 1800)
        self.item({"type": "function_call", "name": "shell", "arguments": dumps(args), "call_id": call_id})
        return call_id

    def shell_output(self, call_id: str, aggregated: str, exit_code: int, duration: float) -> None:
        self.clock.tick(int(duration * 1000) + 40, int(duration * 1000) + 160)
        self.item({"type": "function_call_output", "call_id": call_id,
                   "output": exec_output(aggregated, exit_code, duration)})

    def apply_patch(self, patch: str, changed: list[str]) -> None:
        call_id = "call_" + self.ids.b62(24)
        self.clock.tick(1500, 4000)
        self.item({"type": "custom_tool_call", "status": "completed", "call_id": call_id, "name": "apply_patch",
                   "input": patch})
        summary = "Success. Updated the following files:\n" + "".join(f"M {c}\n" for c in changed)
        self.clock.tick(30, 120)
        self.item({"type": "custom_tool_call_output", "call_id": call_id,
                   "output": dumps({"output": summary, "metadata": {"exit_code": 0, "duration_seconds": 0.0}})})

    def assistant(self, text: str) -> None:
        self.line("event_msg", {"type": "agent_message", "message": text}, (800, 3000))
        self.item({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]})

    def end_call(self) -> None:
        """token_count for this call, then the call's recorded items."""
        assert self.buf is not None
        out_text = sum(est_tokens(dumps({k: v for k, v in it.items() if k != "encrypted_content"}))
                       for it in self.buf if it["type"] in self.OUTPUT_TYPES)
        self.calls += 1
        inp = self.context_at_call
        # cached prefix: the previous request (OpenAI reports cache hits in 128-token steps)
        cached = 3456 if self.prev_input is None else (self.prev_input // 128) * 128
        reasoning = 64 * self.rng.randint(1, 9)
        out = out_text + reasoning
        last = {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
                "reasoning_output_tokens": reasoning, "total_tokens": inp + out}
        for k in self.total:
            self.total[k] += last[k]
        self.prev_input = inp
        self.line("event_msg", {"type": "token_count", "info": {"total_token_usage": dict(self.total),
                                                                "last_token_usage": last,
                                                                "model_context_window": 272000}}, (20, 90))
        buf, self.buf = self.buf, None
        for it in buf:
            self.line("response_item", it, (1, 3))

    def write(self, path: str) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(self.lines) + "\n")


def build_codex_current() -> tuple[str, dict]:
    ids = Ids(20261121)
    clock = Clock(datetime(2026, 11, 21, 10, 15, 2, 118000, tzinfo=timezone.utc), ids.rng)
    r = CXRollout(clock, ids)
    info: dict = {}
    r.lines.append(dumps({"timestamp": clock.now(), "type": "session_meta", "payload": {
        "id": CX_SESSION, "timestamp": clock.now(), "cwd": CX_CWD, "originator": "codex_cli_rs",
        "cli_version": CX_VERSION, "instructions": AGENTS_MD,
        "git": {"commit_hash": "9c41e07b2f6a8d35e1c0b7a4f92d6e18c3b5a074", "branch": "main",
                "repository_url": "git@github.com:example-dev/api.git"}}}))
    r.user_text(f"<user_instructions>\n\n{AGENTS_MD}\n\n</user_instructions>", (40, 90))
    env = ("<environment_context>\n  <cwd>/home/dev/api</cwd>\n  <approval_policy>on-request</approval_policy>\n"
           "  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n"
           "  <shell>bash</shell>\n</environment_context>")
    r.user_text(env, (1, 5))
    prompt = ("POST /orders returns a 500 when the discount code is expired (it should be a 422), and "
              "tests/test_orders.py has two failures. Please fix it.")
    r.user_text(prompt, (9000, 16000))
    r.line("event_msg", {"type": "user_message", "message": prompt, "kind": "plain"}, (1, 3))
    turn_ctx = {"cwd": CX_CWD, "approval_policy": "on-request",
                "sandbox_policy": {"mode": "workspace-write", "network_access": False,
                                   "exclude_tmpdir_env_var": False, "exclude_slash_tmp": False},
                "model": CX_MODEL, "effort": "medium", "summary": "auto"}
    r.line("turn_context", turn_ctx, (2, 8))

    # 1: read orders.py
    r.begin_call()
    r.reasoning("**Inspecting order route**\n\nI'll open `src/app/routes/orders.py` to see how discount codes "
                "are validated before running the failing tests.")
    c = r.shell("sed -n '1,200p' src/app/routes/orders.py")
    r.shell_output(c, ORDERS_PY_V0, 0, 0.1)
    r.end_call()

    # 2: pytest (fails)
    r.begin_call()
    r.reasoning("**Running the failing tests**")
    c = r.shell("poetry run pytest -q tests/test_orders.py", timeout_ms=120000)
    fail1 = pytest_failure_output("0.84s")
    r.shell_output(c, fail1, 1, 1.9)
    r.end_call()
    info["pytest_fail_lines"] = fail1.count("\n")
    info["pytest_fail_bytes"] = len(fail1.encode())

    # 3: read main.py
    r.begin_call()
    r.reasoning("**Checking error handling middleware**\n\nBoth failures are 500s coming out of the "
                "`log_requests` middleware. I'll look at `main.py` to see how exceptions are mapped.")
    c = r.shell("sed -n '1,80p' src/app/main.py")
    r.shell_output(c, MAIN_PY, 0, 0.1)
    r.end_call()

    # 4: first (insufficient) patch: map ValueError to 422
    r.begin_call()
    r.reasoning("**Mapping ValueError to 422**\n\n`apply_discount` raises `ValueError` for expired codes and "
                "nothing converts it, so I'll register an exception handler that returns 422.")
    r.apply_patch(PATCH1, ["src/app/main.py"])
    r.end_call()

    # 5: pytest again (identical failure, only the last line differs)
    r.begin_call()
    r.reasoning(None)
    c = r.shell("poetry run pytest -q tests/test_orders.py", timeout_ms=120000)
    fail2 = pytest_failure_output("0.79s")
    r.shell_output(c, fail2, 1, 1.7)
    r.end_call()
    # -- the one malformed line: a torn (truncated) event_msg line
    torn = dumps({"timestamp": clock.tick(3, 9), "type": "event_msg", "payload": {
        "type": "agent_reasoning", "text": "**Reassessing the failure**\n\nThe traceback ends in a TypeError, not "
                                           "a ValueError: the comparison itself fails."}})
    r.lines.append(torn[: len(torn) // 2])
    info["malformed_line"] = len(r.lines)

    # 6: cat poetry.lock (long, truncated by Codex before it reaches the model)
    r.begin_call()
    r.reasoning("**Reassessing the failure**\n\nThe traceback ends in `TypeError: can't compare offset-naive and "
                "offset-aware datetimes`, so the handler never sees a ValueError. I'll check the locked "
                "SQLAlchemy/pydantic versions to see how `expires_at` is loaded.")
    c = r.shell("cat poetry.lock")
    lock = poetry_lock()
    r.shell_output(c, lock, 0, 0.1)
    r.end_call()
    info["poetry_lock_lines"] = lock.count("\n")
    info["poetry_lock_bytes"] = len(lock.encode())

    # 7: re-read orders.py (unchanged: identical output)
    r.begin_call()
    r.reasoning("**Re-reading apply_discount**\n\nSQLAlchemy 2.0 with `DateTime(timezone=True)` returns aware "
                "datetimes, while `datetime.utcnow()` is naive. Let me look at `apply_discount` again.")
    c = r.shell("sed -n '1,200p' src/app/routes/orders.py")
    r.shell_output(c, ORDERS_PY_V0, 0, 0.1)
    r.end_call()

    # 8: the real fix
    r.begin_call()
    r.reasoning("**Using aware UTC now and HTTPException**\n\nCompare against `datetime.now(timezone.utc)` and "
                "raise a 422 `HTTPException` directly, as AGENTS.md asks.")
    r.apply_patch(PATCH2, ["src/app/routes/orders.py"])
    r.end_call()

    # 9: pytest passes
    r.begin_call()
    r.reasoning(None)
    c = r.shell("poetry run pytest -q tests/test_orders.py", timeout_ms=120000)
    r.shell_output(c, ".........                                                                [100%]\n"
                      "9 passed in 0.66s\n", 0, 1.6)
    r.end_call()

    # 10: final message for turn 1
    r.begin_call()
    r.reasoning("**Summarizing the fix**")
    r.assistant("Fixed. The 500 came from `apply_discount` comparing the timezone-aware `expires_at` loaded from the "
                "database with the naive `datetime.utcnow()`, which raises `TypeError` before the expiry check can "
                "run.\n\nChanges:\n- `src/app/routes/orders.py`: use `datetime.now(timezone.utc)` and raise "
                "`HTTPException(422)` for expired codes.\n- `src/app/main.py`: I also added a `ValueError` -> 422 "
                "handler while investigating; it's no longer needed for this bug, so feel free to drop it.\n\n"
                "`poetry run pytest -q tests/test_orders.py`: 9 passed.")
    r.end_call()

    # turn 2
    q = "Should I keep the ValueError handler in main.py?"
    r.user_text(q, (30000, 60000))
    r.line("event_msg", {"type": "user_message", "message": q, "kind": "plain"}, (1, 3))
    r.line("turn_context", turn_ctx, (2, 8))
    r.begin_call()
    r.reasoning("**Weighing a global ValueError handler**")
    r.assistant("I'd remove it. A global `ValueError` -> 422 handler turns programming errors (any stray "
                "`ValueError` from a library or a bug) into client errors and hides them from the 500 logging "
                "in `log_requests`. Validation failures should raise `HTTPException` where they happen, which is "
                "what `apply_discount` does now. Want me to revert that part of the patch?")
    r.end_call()

    path = os.path.join(HERE, "codex", "sessions", "2026", "11", "21",
                        f"rollout-2026-11-21T10-15-02-{CX_SESSION}.jsonl")
    r.write(path)
    info["calls"] = r.calls
    info["total"] = r.total
    return path, info


def build_codex_old() -> tuple[str, int]:
    """Pre-envelope rollout (codex-rs, May 2025): bare meta line, bare ResponseItems, state lines."""
    ids = Ids(20250502)
    clock = Clock(datetime(2025, 5, 2, 9, 0, 0, 412000, tzinfo=timezone.utc), ids.rng)
    lines: list[str] = []
    lines.append(dumps({"id": CX_OLD_SESSION, "timestamp": clock.now(),
                        "instructions": "Keep changes minimal. Run the relevant tests before you finish."}))
    cli_py = '''import argparse

from app import __version__
from app.server import serve


def main(argv=None):
    parser = argparse.ArgumentParser(prog="api")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--version", action="version", version=__version__)
    args = parser.parse_args(argv)
    serve(host=args.host, port=args.port)


if __name__ == "__main__":
    main()
'''
    patch = '''*** Begin Patch
*** Update File: cli.py
@@
     parser.add_argument("--port", type=int, default=8000)
+    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
     parser.add_argument("--version", action="version", version=__version__)
     args = parser.parse_args(argv)
-    serve(host=args.host, port=args.port)
+    serve(host=args.host, port=args.port, log_level="debug" if args.verbose else "info")
*** End Patch'''
    calls = 0

    def emit(obj, lo=5, hi=60):
        lines.append(dumps(obj))
        clock.tick(lo, hi)

    emit({"type": "message", "role": "user", "content": [{"type": "input_text", "text":
         "Add a -v/--verbose flag to cli.py that sets the server log level to debug."}]})
    emit({"record_type": "state"})

    def reasoning(text):
        emit({"type": "reasoning", "id": "rs_" + ids.hexs(48), "summary": [{"type": "summary_text", "text": text}]},
             1500, 5000)

    def shell(cmd, out, code, dur):
        call_id = "call_" + ids.b62(24)
        emit({"type": "function_call", "name": "shell",
              "arguments": dumps({"command": cmd, "workdir": CX_CWD}), "call_id": call_id}, 200, 900)
        emit({"type": "function_call_output", "call_id": call_id, "output": exec_output(out, code, dur)})

    reasoning("**Reading cli.py**")
    shell(["bash", "-lc", "cat cli.py"], cli_py, 0, 0.0)
    calls += 1
    reasoning("**Adding the flag**\n\nAdd `-v/--verbose` and pass a log level through to `serve`.")
    shell(["apply_patch", patch], "Success. Updated the following files:\nM cli.py\n", 0, 0.0)
    calls += 1
    reasoning("**Running the CLI tests**")
    shell(["bash", "-lc", "python -m pytest -q tests/test_cli.py"],
          "....                                                                     [100%]\n4 passed in 0.21s\n",
          0, 0.6)
    calls += 1
    reasoning("**Done**")
    emit({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text":
         "Added `-v/--verbose` to `cli.py`; it passes `log_level=\"debug\"` to `serve()` (default stays "
         "`\"info\"`). `python -m pytest -q tests/test_cli.py` passes (4 tests)."}]})
    calls += 1
    emit({"record_type": "state"})
    path = os.path.join(HERE, "codex", "sessions", "2025", "05", "02",
                        f"rollout-2025-05-02T09-00-00-{CX_OLD_SESSION}.jsonl")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path, calls


# ---------------------------------------------------------------------------
# Re-parse the written files and report what tests can rely on
# ---------------------------------------------------------------------------

def analyze_cc(path: str) -> dict:
    recs, malformed = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f.read().split("\n")[:-1], 1):
            try:
                recs.append((n, json.loads(line)))
            except json.JSONDecodeError:
                malformed.append(n)
    uuids = {r["uuid"] for _, r in recs if "uuid" in r}
    for n, r in recs:
        pu = r.get("parentUuid")
        assert pu is None or pu in uuids, f"{path}:{n}: dangling parentUuid"
    calls = {False: [], True: []}
    synthetic = []
    reads = []
    for n, r in recs:
        if r.get("type") != "assistant":
            continue
        m = r["message"]
        if m["model"] == "<synthetic>":
            synthetic.append(n)
            continue
        side = r["isSidechain"]
        if not calls[side] or calls[side][-1]["id"] != m["id"]:
            calls[side].append({"id": m["id"], "lines": [], "blocks": []})
        c = calls[side][-1]
        c["lines"].append(n)
        b = m["content"][0]
        if b["type"] == "tool_use":
            arg = b["input"].get("file_path") or b["input"].get("command") or b["input"].get("pattern") or \
                b["input"].get("description") or ""
            c["blocks"].append(f"tool_use {b['name']}({arg.replace(CC_CWD + '/', '')})" if arg
                               else f"tool_use {b['name']}")
            if b["name"] == "Read":
                reads.append((len(calls[False]) if not side else f"side-{len(calls[True])}",
                              b["input"]["file_path"].replace(CC_CWD + "/", ""), n))
        else:
            c["blocks"].append(b["type"])
    by_type: dict = {}
    for _, r in recs:
        by_type[r.get("type")] = by_type.get(r.get("type"), 0) + 1
    return {"path": os.path.relpath(path, HERE), "lines": len(recs) + len(malformed), "malformed": malformed,
            "main_calls": calls[False], "side_calls": calls[True], "synthetic": synthetic, "reads": reads,
            "types": by_type}


def analyze_cx(path: str, enveloped: bool) -> dict:
    items, malformed, token_counts, turn_contexts = [], [], 0, 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f.read().split("\n")[:-1], 1):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                malformed.append(n)
                continue
            if enveloped:
                if obj["type"] == "response_item":
                    items.append((n, obj["payload"]))
                elif obj["type"] == "event_msg" and obj["payload"]["type"] == "token_count":
                    token_counts += 1
                elif obj["type"] == "turn_context":
                    turn_contexts += 1
            elif "type" in obj:
                items.append((n, obj))
    outputs = ("reasoning", "function_call", "custom_tool_call", "local_shell_call")
    calls, cur = [], None
    for n, it in items:
        is_out = it["type"] in outputs or (it["type"] == "message" and it["role"] == "assistant")
        if is_out:
            if cur is None:
                cur = {"lines": [], "items": []}
                calls.append(cur)
            cur["lines"].append(n)
            desc = it["type"]
            if it["type"] == "function_call":
                desc += " " + json.loads(it["arguments"])["command"][-1].split("\n")[0][:60]
            elif it["type"] == "custom_tool_call":
                desc += " " + it["name"]
            cur["items"].append(desc)
        else:
            cur = None
    return {"path": os.path.relpath(path, HERE), "malformed": malformed, "calls": calls,
            "token_counts": token_counts, "turn_contexts": turn_contexts}


def main() -> None:
    a_path, a_info = build_cc_session_a()
    b_path = build_cc_session_b()
    cx_path, cx_info = build_codex_current()
    old_path, old_calls = build_codex_old()

    report = {}
    for path in (a_path, b_path):
        r = analyze_cc(path)
        report[r["path"]] = r
        print(f"== {r['path']} ({os.path.getsize(path)} bytes, {r['lines']} lines)")
        print(f"   record types: {r['types']}")
        print(f"   malformed lines: {r['malformed']}   synthetic assistant lines: {r['synthetic']}")
        print(f"   main-chain model calls: {len(r['main_calls'])}   sidechain model calls: {len(r['side_calls'])}")
        for i, c in enumerate(r["main_calls"], 1):
            print(f"     main {i:2d}: lines {c['lines'][0]}-{c['lines'][-1]}  {', '.join(c['blocks'])}")
        for i, c in enumerate(r["side_calls"], 1):
            print(f"     side {i:2d}: lines {c['lines'][0]}-{c['lines'][-1]}  {', '.join(c['blocks'])}")
        print(f"   Reads (call, file, line): {r['reads']}")
    print(f"   npm test output: {a_info['npm_test_1'].count(chr(10)) + 1} lines; "
          f"runs 1 and 2 differ only in line(s) "
          f"{[i + 1 for i, (x, y) in enumerate(zip(a_info['npm_test_1'].split(chr(10)), a_info['npm_test_2'].split(chr(10)))) if x != y]}"
          f"; package-lock.json: {a_info['lock_lines']} lines")

    for path, env in ((cx_path, True), (old_path, False)):
        r = analyze_cx(path, env)
        print(f"== {r['path']} ({os.path.getsize(path)} bytes)")
        print(f"   malformed lines: {r['malformed']}   token_count events: {r['token_counts']}   "
              f"turn_context lines: {r['turn_contexts']}")
        print(f"   model calls: {len(r['calls'])}")
        for i, c in enumerate(r["calls"], 1):
            print(f"     call {i:2d}: lines {c['lines'][0]}-{c['lines'][-1]}  {', '.join(c['items'])}")
    assert cx_info["calls"] == analyze_cx(cx_path, True)["token_counts"] == len(analyze_cx(cx_path, True)["calls"])
    assert old_calls == len(analyze_cx(old_path, False)["calls"])
    print(f"   pytest failure output: {cx_info['pytest_fail_lines']} lines, {cx_info['pytest_fail_bytes']} bytes "
          f"(not truncated); poetry.lock: {cx_info['poetry_lock_lines']} lines, {cx_info['poetry_lock_bytes']} "
          f"bytes (truncated by format_exec_output_str)")
    print(f"   total_token_usage at end: {cx_info['total']}")
    total = 0
    for root, _, files in os.walk(HERE):
        for fn in files:
            if fn.endswith(".jsonl"):
                total += os.path.getsize(os.path.join(root, fn))
    print(f"== total size of .jsonl fixtures: {total} bytes")
    assert total < 600_000


if __name__ == "__main__":
    main()
