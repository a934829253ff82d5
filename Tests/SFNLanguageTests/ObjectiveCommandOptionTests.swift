// Issue 17, item 10: every command that takes an objective accepts quiet= (LANGUAGE.md §6) and
// data= (§5); grad, hessian, hvp refused quiet=true and contour refused data=.
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

@Suite struct ObjectiveCommandOptionTests {
    /// The built-ins whose first parameter is an objective `f`, found from the registry, so a new
    /// command is held to the rule as soon as it is registered.
    static var objectiveCommands: [String] {
        let registry = Interpreter().registry
        return registry.names.filter { registry[$0]?.parameters.first?.name == "f" }
    }

    @Test func theCommandsTakingAnObjectiveAreKnown() {
        #expect(Set(Self.objectiveCommands) == ["grad", "hessian", "hvp", "classify", "spectrum", "critical", "check",
                                                 "gd", "sgd", "newton", "sfn", "sfhf", "arc", "trust", "rsfn", "lbfgs", "contour"])
    }

    @Test func everyOneDeclaresQuietDataAndShapes() {
        let registry = Interpreter().registry
        for name in Self.objectiveCommands {
            let names = registry[name]?.parameters.map(\.name) ?? []
            for option in ["quiet", "data", "shapes"] { #expect(names.contains(option), "\(name) lacks \(option)=") }
        }
    }

    /// Each is called with data=D and quiet=true: it runs on the dataset and prints nothing.
    @Test(arguments: objectiveCommands)
    func runsWithDataAndQuiet(_ name: String) throws {
        let prelude = "D = record(x=[1, 2], y=[3, 4])\nloss(w, b) = sum((b.x * w[1] + w[2] - b.y)^2)\n"
        let call: String
        switch name {
        case "hvp": call = "hvp(loss, [1, 1], [1, 0], data=D, quiet=true)"
        case "contour": call = "contour(loss, [0, 3], [-2, 1], data=D, quiet=true)"
        default: call = "\(name)(loss, [1, 1], data=D, quiet=true)"
        }
        let (_, output) = try sfn(prelude + "r = " + call)
        #expect(output == "", "\(call) printed \(output)")
    }

    @Test func derivativesAndTheLandscapeUseTheData() throws {
        let prelude = "D = record(x=[1, 2], y=[3, 4])\nloss(w, b) = sum((b.x * w[1] + w[2] - b.y)^2)\n"
        // Residuals at w = (1, 1): x + 1 − y = (−1, −1); ∇ = 2·(Σ r·x, Σ r) = (−6, −4).
        #expect(try doubles(prelude + "grad(loss, [1, 1], data=D, quiet=true)") == [-6, -4])
        // The landscape is drawn from the data (its minimum, w = (1, 2), is inside the box).
        let (_, drawn) = try sfn(prelude + "contour(loss, [0, 3], [-2, 3], data=D)")
        #expect(drawn.contains(" ") && drawn.split(separator: "\n").count > 20)
        // A wrong objective with data= is the user's error, located, not a silent fallback.
        let e = failure("D = record(x=[1, 2], y=[3, 4])\nh(w, b) = sum(w) + b.zz\ncontour(h, [0, 1], [0, 1], data=D)")
        #expect(e != nil)
    }
}
