// Measurements that need a process of their own, for their peak memory.
import Foundation
import SFNMethods
import SFNNumerics
import SFNTape

/// Measurements that need a process of their own (peak memory): one wide-MLP Hessian-vector
/// product, and one step of Krylov SFN (k = 50) and of SFHF (both routes) on the digits MLP and the
/// wide MLP.
enum Probe {
    struct Measurement { var seconds: Double; var hvps: Int; var checksum: Double }

    /// SFHF's ODE route on the wide MLP at the default settings takes thousands of products (over
    /// an hour at about 0.8 s each), so its probe uses a reduced ODE and CG budget; the memory per
    /// step does not depend on those counts, only the time does. The Lanczos route runs at its
    /// defaults everywhere.
    static let wideODE = (odeSteps: 4, cg: 10)

    static func run(_ name: String) throws -> Measurement {
        let data = try Problems.digits()
        let wide = name.hasPrefix("wide")
        let (f, x) = try Problems.mlp(wide ? [64, 1000, 1000, 10] : [64, 32, 10], data: data, scaled: wide)
        let start = DispatchTime.now().uptimeNanoseconds
        var m = Measurement(seconds: 0, hvps: 0, checksum: 0)
        switch name {
        case "wide-hvp":
            let hv = f.hessianVectorProduct(at: x, Problems.direction(f.dimension))
            m.hvps = 1
            m.checksum = hv.reduce(0, +)
        case "mlp-krylov", "wide-krylov":
            let r = Methods.sfn(f, x0: x, krylov: 50, options: RunOptions(steps: 1, tol: 0))
            m.hvps = r.hvps
            m.checksum = r.f
        case "mlp-sfhf", "wide-sfhf":
            let r = Methods.sfhf(f, x0: x, options: RunOptions(steps: 1, tol: 0))
            m.hvps = r.hvps
            m.checksum = r.f
        case "mlp-sfhf_ode":
            let r = Methods.sfhf(f, x0: x, route: .ode, options: RunOptions(steps: 1, tol: 0))
            m.hvps = r.hvps
            m.checksum = r.f
        case "wide-sfhf_ode":
            let r = Methods.sfhf(f, x0: x, route: .ode, odeSteps: wideODE.odeSteps, cg: wideODE.cg,
                                 options: RunOptions(steps: 1, tol: 0))
            m.hvps = r.hvps
            m.checksum = r.f
        case let n where n.hasPrefix("wide-direction-"):
            // One SFHF direction (Lanczos route, defaults: two passes at this m) at λ = rel·s,
            // s = max θ² from 30 Lanczos steps that keep no basis (not counted, O(m) memory so
            // that the peak is the direction's).
            guard let relative = Double(n.dropFirst("wide-direction-".count)) else { throw BenchError("bad probe \(n)") }
            var scale = LanczosFunction(start: Problems.direction(f.dimension), storage: .regenerate)
            for _ in 0..<30 { scale.step { v in f.hessianVectorProduct(at: x, v) } }
            let s = try scale.eigen().values.reduce(0) { max($0, $1 * $1) }
            let begin = DispatchTime.now().uptimeNanoseconds
            let d = try Methods.sfhfDirection(f, at: x, damping: relative * s)
            m.seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) * 1e-9
            m.hvps = d.hvps
            m.checksum = Double(d.lanczosSteps)
            return m
        default:
            throw BenchError("unknown probe \(name)")
        }
        m.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return m
    }
}
