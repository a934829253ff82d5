// The compiled tape as an Objective: what the methods run on outside the tests.
import SFNTape

/// The compiled autodiff tape is the objective the methods normally run on.
extension CompiledObjective: Objective {}
