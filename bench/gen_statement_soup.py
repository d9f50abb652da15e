#!/usr/bin/env python3
"""Reproducer of issue #18: Python files of random statements drawn from 40 statement shapes.

Every file is a class whose methods hold random statements; statement shapes share first tokens the way real
Python does (`self`, `return`, `logger`, `if`), so identifier-abstracted files share most shingles and most pairs
become near-duplicate candidates, yet no two files are near-copies.

    bench/gen_statement_soup.py OUT --files 30 --statements 2000 [--seed 1]
"""
import argparse
import os
import random

NAMES = [f"{a}_{b}" for a in ("user", "item", "node", "conf", "value", "state", "entry", "token", "path", "task",
                                "buffer", "client", "result", "record", "event", "frame")
         for b in ("id", "name", "list", "map", "count", "data", "info", "cache", "ref", "spec", "key", "size")]

SHAPES = [
    "self.{a} = {x}",
    "self.{a} = self.{b}",
    "self.{a} = {b}({x})",
    "self.{a}.append({x})",
    "self.{a}.update({b}={x})",
    "self.{a}({x}, {y})",
    "return {x}",
    "return self.{a}",
    "return {a}({x})",
    "return {a}.{b}({x}, {n})",
    "return None",
    "logger.info({s}, {x})",
    "logger.debug({s}, {x}, {y})",
    "logger.warning({s})",
    "logger.error({s}, self.{a})",
    "{a} = {x}",
    "{a} = {b}({x}, {y})",
    "{a} = self.{b}.get({s}, {x})",
    "{a} = [{x} for {c} in {b}]",
    "{a} = {{{s}: {x}, {s}: {y}}}",
    "{a} += {x}",
    "{a}[{s}] = {x}",
    "{a}.extend({x})",
    "{a}({x})",
    "if {a} is None: return {x}",
    "if not {x}: return",
    "if {x} > {n}: {b} = {y}",
    "if self.{a}: self.{b}({x})",
    "for {a} in {x}: {c}.append({y})",
    "for {a}, {b} in {c}.items(): self.{a} = {x}",
    "while {x} < {n}: {a} += 1",
    "assert {x} == {y}, {s}",
    "raise ValueError({s})",
    "raise KeyError({x})",
    "del {a}[{s}]",
    "yield {x}",
    "yield from {a}({x})",
    "self.{a}.wait({x})",
    "with open({x}) as {b}: {c} = {b}.read()",
    "print({s}, {x})",
]
assert len(SHAPES) == 40


OPERATORS = ["+", "-", "*", "/", "//", "%", "==", "!=", "<", ">", "and", "or", "in", "is"]


def expr(rng, depth=0):
    """A random expression: the shapes fix a statement's skeleton, expressions vary its inside like real code."""
    pick = rng.randint(0, 9 if depth < 2 else 3)
    if pick <= 1:
        return rng.choice(NAMES)
    if pick == 2:
        return str(rng.randint(0, 999))
    if pick == 3:
        return repr("".join(rng.choice("abcdefghij") for _ in range(rng.randint(3, 9))))
    if pick == 4:
        return f"self.{rng.choice(NAMES)}"
    if pick in (5, 6):
        args = ", ".join(expr(rng, depth + 1) for _ in range(rng.randint(0, 3)))
        return f"{rng.choice(NAMES)}({args})"
    if pick == 7:
        return f"{expr(rng, depth + 1)} {rng.choice(OPERATORS)} {expr(rng, depth + 1)}"
    if pick == 8:
        return f"[{', '.join(expr(rng, depth + 1) for _ in range(rng.randint(0, 3)))}]"
    return f"({expr(rng, depth + 1)}).{rng.choice(NAMES)}"


def statement(rng):
    return rng.choice(SHAPES).format(
        a=rng.choice(NAMES), b=rng.choice(NAMES), c=rng.choice(NAMES), x=expr(rng), y=expr(rng),
        n=rng.randint(0, 999), s=repr("".join(rng.choice("abcdefghij") for _ in range(rng.randint(3, 9)))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--files", type=int, default=30)
    p.add_argument("--statements", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for f in range(args.files):
        lines = ["import logging", "", "logger = logging.getLogger(__name__)", "", "", f"class Soup{f}:"]
        left = args.statements
        method = 0
        while left > 0:
            body = min(left, rng.randint(8, 30))
            lines.append(f"    def step_{method}(self, {rng.choice(NAMES)}):")
            lines.extend("        " + statement(rng) for _ in range(body))
            lines.append("")
            left -= body
            method += 1
        with open(os.path.join(args.out, f"soup_{f:02d}.py"), "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
