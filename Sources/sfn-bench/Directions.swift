// `--problems directions`: SFHF directions by route against the exact one, as a Markdown table.
import Foundation
import SFNMethods
import SFNNumerics
import SFNTape

/// `--problems directions`: the accuracy and cost of one SFHF direction, −(H² + λI)⁻¹|H|g, by each
/// route against the exact direction from the full Hessian's eigendecomposition, on the digits
/// MLPs at the start and after 40 L-BFGS steps, for λ ∈ {10⁻⁶, 10⁻⁴, 10⁻³, 10⁻²}·λ_max².
/// Prints a Markdown table (docs/experiments.md, "SFHF direction accuracy").
enum Directions {
    struct Route {
        var name: String
        var route: SFHFRoute
        var settings: SFHFSettings
        var cap = MethodDefaults.lanczosSteps
    }

    static let routes = [
        Route(name: "lanczos (basis kept)", route: .lanczos, settings: SFHFSettings(storage: .keep)),
        Route(name: "lanczos (two passes)", route: .lanczos, settings: SFHFSettings(storage: .regenerate)),
        // Tighter: the stopping tolerance at 1e-5 and room for 2000 steps, to compare accuracy per
        // hvp with the ODE route where that one is the more accurate.
        Route(name: "lanczos (kept, tolerance 1e-5, lanczos=2000)", route: .lanczos,
              settings: SFHFSettings(lanczosTolerance: 1e-5, storage: .keep), cap: 2000),
        Route(name: "ode (defaults)", route: .ode, settings: SFHFSettings()),
    ]
    static let relativeDampings = [1e-6, 1e-4, 1e-3, 1e-2]

    static func run(data: (x: Tensor, y: Tensor), ops: Set<String>) throws {
        let small = (x: rows(data.x, 500), y: rows(data.y, 500))
        let problems: [(String, [Int], (x: Tensor, y: Tensor))] = [
            ("64-20-10, 500 digits", [64, 20, 10], small),
            ("64-32-10, 1797 digits", [64, 32, 10], data),
        ]
        let wanted = routes.filter { ops.isEmpty || ops.contains($0.route.rawValue) }
        print("| problem (m) | point | route | λ/λmax² | cosine | rel. error | hvps | seconds |")
        print("|---|---|---|---|---|---|---|---|")
        for (name, sizes, d) in problems {
            let (f, x0) = try Problems.mlp(sizes, data: d, scaled: false)
            let trained = Methods.lbfgs(f, x0: x0, options: RunOptions(steps: 40, tol: 0)).x
            for (point, x) in [("start", x0), ("after 40 L-BFGS", trained)] {
                let eig = try SymmetricEigen(f.hessian(at: x))
                let g = f.valueAndGradient(at: x).gradient
                let top = eig.values.map { $0 * $0 }.max() ?? 1
                let coords = BLAS.matvec(eig.vectors!, g, transpose: true)
                for relative in relativeDampings {
                    let lambda = relative * top
                    let exact = BLAS.matvec(eig.vectors!, (0..<coords.count).map { i in
                        -abs(eig.values[i]) / (eig.values[i] * eig.values[i] + lambda) * coords[i]
                    })
                    for r in wanted {
                        let start = DispatchTime.now().uptimeNanoseconds
                        let dir = try Methods.sfhfDirection(f, at: x, damping: lambda, route: r.route, lanczos: r.cap, settings: r.settings)
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                        let cos = Vec.dot(dir.direction, exact) / (Vec.norm(dir.direction) * Vec.norm(exact))
                        let rel = Vec.norm(Vec.sub(dir.direction, exact)) / Vec.norm(exact)
                        print("| \(name) (\(f.dimension)) | \(point) | \(r.name) | \(String(format: "%g", relative)) | "
                              + String(format: "%.7f | %.2e | %d | %.3f |", cos, rel, dir.hvps, seconds))
                    }
                }
            }
        }
    }

    static func rows(_ t: Tensor, _ n: Int) -> Tensor {
        Tensor(shape: [n, t.shape[1]], scalars: Array(t.scalars.prefix(n * t.shape[1])))
    }
}
