import SFNTape

/// The compiled autodiff tape is the objective the methods normally run on.
extension CompiledObjective: Objective {}
