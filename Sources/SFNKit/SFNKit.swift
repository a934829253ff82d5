// The module embedders import: the interpreter and the engine under it, in one `import SFNKit`.
@_exported import SFNLanguage
@_exported import SFNSyntax
@_exported import SFNMethods
@_exported import SFNTape
@_exported import SFNNumerics
