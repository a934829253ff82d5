// SFNKit: the one import an embedding program needs; it re-exports the interpreter and the engine.
@_exported import SFNLanguage
@_exported import SFNMethods
@_exported import SFNNumerics
@_exported import SFNTape
