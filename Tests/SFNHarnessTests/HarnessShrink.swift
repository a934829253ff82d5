// Shrinks a failing program to a small one that fails the same way: greedily replaces a
// subexpression by one of its children of the same shape, by a constant (its value at the
// point), or by a new parameter (with that value), as long as the disagreement stays of one kind.
import Foundation

enum HarnessShrink {
    /// Pre-order positions of the subexpressions, with the subexpression at each.
    static func subexpressions(_ e: HExpr) -> [HExpr] { [e] + e.children.flatMap(subexpressions) }

    /// `e` with the subexpression at pre-order position `k` replaced by `r`.
    static func replacing(_ e: HExpr, at k: Int, with r: HExpr) -> HExpr {
        if k == 0 { return r }
        var at = 1
        var children = e.children
        for c in children.indices {
            let n = children[c].size
            if k < at + n { children[c] = replacing(children[c], at: k - at, with: r); return e.with(children) }
            at += n
        }
        return e
    }

    /// The candidates for one position, smallest first.
    static func candidates(_ p: HarnessProgram, at k: Int) -> [HarnessProgram] {
        let sub = subexpressions(p.body)[k]
        // Inside a generator's body a value depends on i: only children can replace it there.
        let inBody = subexpressions(p.body).enumerated().contains { (j, e) in
            if case .generator(_, let s, _, _) = e { return k > j + s.size && k < j + e.size }
            return false
        }
        var out: [HarnessProgram] = []
        let eval = PlainEvaluator(p)
        let shape = inBody || sub.readsLoop ? nil : Optional(eval.eval(sub).shape)
        for c in sub.children where !c.readsLoop || inBody {
            if inBody || eval.eval(c).shape == shape {
                var q = p; q.body = replacing(p.body, at: k, with: c); out.append(q)
            }
        }
        guard let shape, !inBody else { return out }
        let value = eval.eval(sub)
        switch sub {
        case .param, .const, .number: return out
        default: break
        }
        if shape.isEmpty {
            var q = p; q.body = replacing(p.body, at: k, with: .number(value.v[0])); out.append(q)
        } else {
            var q = p
            q.constants.append(.init(value: value, formula: false))
            q.body = replacing(p.body, at: k, with: .const(q.constants.count - 1))
            out.append(q)
        }
        var q = p
        q.paramShapes.append(shape); q.paramValues.append(value.v)
        q.body = replacing(p.body, at: k, with: .param(q.paramShapes.count - 1))
        out.append(q)
        return out
    }

    /// The smallest program found that still `fails` (at most `budget` checks).
    static func shrink(_ p: HarnessProgram, budget: Int = 400, fails: (HarnessProgram) -> Bool) -> HarnessProgram {
        var best = p, checks = 0
        var improved = true
        while improved && checks < budget {
            improved = false
            let n = best.body.size
            search: for k in 0..<n {
                for q in candidates(best, at: k) where !q.usedParams.isEmpty {
                    guard q.body.size < best.body.size || (q.body.size == best.body.size && q.usedParams.count < best.usedParams.count) else { continue }
                    checks += 1
                    if fails(q) { best = q; improved = true; break search }
                    if checks >= budget { break search }
                }
            }
        }
        return best
    }
}
