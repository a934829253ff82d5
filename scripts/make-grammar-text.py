#!/usr/bin/env python3
"""Writes data/grammar.txt: English-like sentences from a small probabilistic grammar.

The character-level corpus of the recurrent-network experiment (`chars("data/grammar.txt")`,
examples/figure4_rnn.sfn). It is generated rather than copied so that it has no licence to track,
and so that its structure is known: letters make words, words follow the grammar below, and the
verb agrees in number with its subject, which may be several words back (a relative clause or a
prepositional phrase can stand between them). Lower case, one sentence per line; the alphabet is
the letters used, space, comma, full stop and newline.

    sentence  -> clause ( ", " conj " " clause )?                  conj: and, but, so, while
    clause    -> np[N] " " vp[N]                                   N: singular or plural, even odds
    np[N]     -> det[N] ( adj " " )^0..2 noun[N] ( " " pp | " that " vp[N] )?
    pp        -> prep " " np[any N]
    vp[N]     -> tverb[N] " " np[any N] | iverb[N] ( " " adv )? | be[N] " " adj

Each optional part is taken with a probability that halves with the depth of nesting, so
sentences stay short. The random numbers come from SplitMix64 (seed 2014) implemented here, so
the output is the same on every Python. Run from the repository root:

    python3 scripts/make-grammar-text.py          # rewrites data/grammar.txt (about 40 kB)
"""

import os

TARGET_BYTES = 40_000
SEED = 2014

DET = {"sg": ["the", "a", "this", "every", "one"], "pl": ["the", "some", "these", "many", "two", "three"]}
NOUN = [("cat", "cats"), ("dog", "dogs"), ("bird", "birds"), ("child", "children"), ("fox", "foxes"),
        ("farmer", "farmers"), ("river", "rivers"), ("house", "houses"), ("tree", "trees"), ("king", "kings"),
        ("queen", "queens"), ("ship", "ships"), ("mouse", "mice"), ("man", "men"), ("woman", "women"),
        ("wolf", "wolves")]
TVERB = [("sees", "see"), ("likes", "like"), ("chases", "chase"), ("finds", "find"), ("follows", "follow"),
         ("watches", "watch"), ("carries", "carry"), ("fears", "fear")]
IVERB = [("sleeps", "sleep"), ("runs", "run"), ("sings", "sing"), ("waits", "wait"), ("laughs", "laugh"),
         ("falls", "fall")]
BE = {"sg": "is", "pl": "are"}
ADJ = ["old", "young", "small", "big", "red", "green", "quiet", "happy", "tired", "clever"]
ADV = ["slowly", "quickly", "today", "again", "at night"]
PREP = ["near", "under", "behind", "with", "beside", "over"]
CONJ = ["and", "but", "so", "while"]


class SplitMix64:
    """The generator of Sources/SFNNumerics/Random.swift."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def chance(self, p):
        return self.uniform() < p

    def pick(self, items):
        return items[int(self.uniform() * len(items))]


def number(rng):
    return "sg" if rng.chance(0.5) else "pl"


def np(rng, n, depth):
    words = [rng.pick(DET[n])]
    p = 0.5 / 2 ** depth
    while rng.chance(p) and len(words) < 3:
        adj = rng.pick(ADJ)
        if adj not in words:
            words.append(adj)
    noun = rng.pick(NOUN)
    words.append(noun[0] if n == "sg" else noun[1])
    u = rng.uniform()
    if u < p:
        words += [rng.pick(PREP), np(rng, number(rng), depth + 1)]
    elif u < 2 * p:
        words += ["that", vp(rng, n, depth + 1)]
    return " ".join(words)


def vp(rng, n, depth):
    u = rng.uniform()
    if u < 0.45:
        verb = rng.pick(TVERB)
        return (verb[0] if n == "sg" else verb[1]) + " " + np(rng, number(rng), depth + 1)
    if u < 0.8:
        verb = rng.pick(IVERB)
        out = verb[0] if n == "sg" else verb[1]
        if rng.chance(0.4):
            out += " " + rng.pick(ADV)
        return out
    return BE[n] + " " + rng.pick(ADJ)


def clause(rng):
    n = number(rng)
    return np(rng, n, 0) + " " + vp(rng, n, 0)


def sentence(rng):
    s = clause(rng)
    if rng.chance(0.25):
        s += ", " + rng.pick(CONJ) + " " + clause(rng)
    return s + "."


def main():
    rng = SplitMix64(SEED)
    lines, size = [], 0
    while size < TARGET_BYTES:
        line = sentence(rng) + "\n"
        lines.append(line)
        size += len(line)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "data", "grammar.txt"), "w", encoding="ascii", newline="\n") as f:
        f.write("".join(lines))
    print(f"data/grammar.txt: {len(lines)} sentences, {size} characters")


if __name__ == "__main__":
    main()
