// The GLTR-style subproblem of `arc` and `trust(solver="lanczos")`: a trust-region or cubic model
// minimised over the Krylov space of H from the gradient.
import SFNNumerics

extension LanczosFunction.Storage {
    /// The default most memory a kept Lanczos basis may take (as sfhf's `keepBasisBudget`).
    static let defaultBudget = 64 << 20

    /// `.keep` when m·steps doubles fit in `budget` bytes, else `.regenerate` (O(m) memory, up to
    /// twice the products).
    static func fitting(dimension m: Int, steps: Int, budget: Int) -> Self {
        Double(m) * Double(steps) * 8 <= Double(budget) ? .keep : .regenerate
    }
}

/// Which model the Krylov space minimises.
enum RegularisedModel {
    /// gᵀs + ½sᵀHs within ‖s‖ ≤ radius.
    case trust(radius: Double)
    /// gᵀs + ½sᵀHs + σ/3‖s‖³.
    case cubic(sigma: Double)
}

/// The model minimised over span{g, Hg, …, H^{k−1}g} (Gould, Lucidi, Roma and Toint 1999, GLTR;
/// Cartis, Gould and Toint 2011, Part I §6.2).
///
/// Lanczos from g gives Q with QᵀHQ = T tridiagonal and Qᵀg = ‖g‖e₁, so in the space the model is
/// ‖g‖e₁ᵀh + ½hᵀTh (+ σ/3‖h‖³) for s = Qh, solved exactly on T by ``ModelSubproblem`` (which
/// handles T indefinite and the hard case). After each Lanczos step the model's gradient at
/// s = Qh is β_k|e_kᵀh| times the next Lanczos vector (T's part vanishes at the solution); the
/// process stops when that is at most `tolerance(‖h‖)`, when the space is invariant, or after
/// `maxSteps` products. The Krylov data do not depend on Δ or σ: a rejected step is solved again
/// on the same T, for no products when the basis is kept and k − 1 when it is regenerated.
struct KrylovModel {
    private var process: LanczosFunction
    /// ‖g‖.
    let gradientNorm: Double

    /// Lanczos steps taken.
    var steps: Int { process.steps }

    /// Runs Lanczos from g for `model` until its solution settles (see the type).
    init(gradient g: [Double], model: RegularisedModel, maxSteps: Int, basisBudget: Int,
         tolerance: (Double) -> Double, in context: StepContext, at x: [Double]) throws(MethodStop) {
        let cap = max(1, min(maxSteps, g.count))
        process = LanczosFunction(start: g, storage: .fitting(dimension: g.count, steps: cap, budget: basisBudget))
        gradientNorm = Vec.norm(g)
        do {
            while process.canStep && process.steps < cap {
                try process.step { v in try context.hessianVectorProduct(at: x, v) }
                guard !process.failed else { throw MethodStop.nonFinite }
                let h = try solve(model).step
                let residual = abs((process.beta.last ?? 0) * (h.last ?? 0))
                if residual <= tolerance(Vec.norm(h)) { break }
            }
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
    }

    /// The model's minimiser on the current T, in the Lanczos basis.
    func solve(_ model: RegularisedModel) throws(MethodStop) -> ModelSubproblem {
        let k = process.steps
        guard k > 0 else {
            return ModelSubproblem(step: [], lambda: 0, model: 0, onBoundary: false, hardCase: false)
        }
        var b = [Double](repeating: 0, count: k)
        b[0] = gradientNorm
        let off = Array(process.beta.prefix(k - 1))
        return try linearAlgebra {
            switch model {
            case .trust(let radius):
                return try ModelSubproblem.trustRegion(diagonal: process.alpha, offDiagonal: off, linear: b, radius: radius)
            case .cubic(let sigma):
                return try ModelSubproblem.cubic(diagonal: process.alpha, offDiagonal: off, linear: b, sigma: sigma)
            }
        }
    }

    /// s = Qh in the full space.
    mutating func vector(_ solution: ModelSubproblem, in context: StepContext, at x: [Double]) throws(MethodStop) -> [Double] {
        guard !solution.step.isEmpty else { return [Double](repeating: 0, count: process.dimension) }
        let out: [[Double]]
        do {
            out = try process.combine([solution.step]) { v in try context.hessianVectorProduct(at: x, v) }
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        guard Vec.allFinite(out[0]) else { throw .nonFinite }
        return out[0]
    }
}
