// The numbers an option accepts, declared with the option and checked once when a call binds its
// arguments: every option of every built-in is validated in one place, whether or not the
// implementation goes on to read it (issue 17: sgd's seed=nan was never read without data=, so
// never refused; clip=-1 climbed; tol=nan never converged).
import SFNSyntax

extension Builtin {
    /// The numbers (or, for ``oneOf(_:)``, the strings) a parameter accepts. Only values of that
    /// kind are checked here: a value of another kind (`damping="auto"`) is the reader's to accept
    /// or refuse by kind.
    public enum Accepted: Sendable {
        /// A finite number > 0 (`lr`, `clip`).
        case positive
        /// A finite number ≥ 0 (`tol`, `damping` when a number).
        case nonNegative
        /// A number in [lower, upper), both finite (`momentum` in [0, 1)).
        case halfOpen(Double, Double)
        /// A number in [lower, upper], both finite (`grading` in [1, 100]).
        case closed(Double, Double)
        /// A number strictly between lower and upper (`valid` in (0, 1)).
        case open(Double, Double)
        /// A whole number in the range (`steps` ≥ 0, `memory` from 1 to 10000, `seed` ≥ 0).
        case whole(ClosedRange<Int>)
        /// One of these strings (`method="lanczos"`).
        case oneOf([String])

        /// Whether `x` is accepted.
        public func accepts(_ x: Double) -> Bool {
            switch self {
            case .positive: return x.isFinite && x > 0
            case .nonNegative: return x.isFinite && x >= 0
            case .halfOpen(let lo, let hi): return x >= lo && x < hi
            case .closed(let lo, let hi): return x >= lo && x <= hi
            case .open(let lo, let hi): return x > lo && x < hi
            case .whole(let r):
                return x.isFinite && x == x.rounded() && x >= Double(r.lowerBound) && x <= Double(r.upperBound)
            case .oneOf: return true  // a number is the reader's to refuse, by kind
            }
        }

        /// The range in words, as errors and `:help` give it: "a number > 0", "a whole number from
        /// 1 to 10000".
        public var description: String {
            let n = { (x: Double) in ValueDisplay.number(x, pointInMantissa: false) }
            switch self {
            case .positive: return "a number > 0"
            case .nonNegative: return "a number ≥ 0"
            case .halfOpen(let lo, let hi): return "a number in [\(n(lo)), \(n(hi)))"
            case .closed(let lo, let hi): return "a number in [\(n(lo)), \(n(hi))]"
            case .open(let lo, let hi): return "a number in (\(n(lo)), \(n(hi)))"
            case .whole(let r):
                if r.upperBound == Int.max { return "a whole number ≥ \(r.lowerBound)" }
                return "a whole number from \(r.lowerBound) to \(r.upperBound)"
            case .oneOf(let choices):
                let quoted = choices.map { ValueDisplay.quoted($0) }
                return quoted.count == 2 ? quoted.joined(separator: " or ") : "one of " + quoted.joined(separator: ", ")
            }
        }
    }
}

extension Builtin.Parameter {
    /// The error for a given value outside the declared range, or nil when it is accepted (or is
    /// not of the kind declared, which the reader judges).
    func rangeError(_ value: Value, of builtin: String, at location: SourceLocation) -> SFNError? {
        guard let accepted else { return nil }
        if case .oneOf(let choices) = accepted {
            guard case .string(let s) = value, !choices.contains(s) else { return nil }
            return SFNError("\(builtin): '\(name)' must be \(accepted.description), got \(ValueDisplay.quoted(s))", at: location)
        }
        let x: Double
        switch value {
        case .number(let v): x = v
        case .tensor(let t) where t.count == 1: x = t.scalars[0]
        default: return nil
        }
        guard !accepted.accepts(x) else { return nil }
        return SFNError("\(builtin): '\(name)' must be \(accepted.description), got \(ValueDisplay.number(x))", at: location)
    }
}
