// Signatures are generated from the declared parameters, so `:help` cannot drift from what a call
// accepts.
import Testing
@testable import SFNLanguage

@Suite struct BuiltinSignatureTests {
    let registry = BuiltinRegistry.core

    @Test func generatedFromParameters() {
        #expect(registry["classify"]?.signature == "classify(f, x, tol=1e-6, gtol=1e-6)")
        #expect(registry["sfn"]?.signature == #"sfn(f, x0, damping="auto", krylov=0, inner=1, escape=true, clip=none)"#)
        #expect(registry["sgd"]?.signature == "sgd(f, x0, lr=0.01, momentum=0, clip=none, batch=n, epochs=none, seed=0)")
        #expect(registry["print"]?.signature == "print(a, b, ...)")
        #expect(registry["reshape"]?.signature == "reshape(x, n, m)")
        #expect(registry["dense"]?.signature == "dense(in, out, act=linear)")
        #expect(registry["mlp"]?.signature == "mlp(sizes, act=tanh, out=linear)")
        #expect(registry["plot"]?.signature.hasPrefix("plot(r1, r2, ..., file=..., log=true") == true)
        #expect(registry["contour"]?.signature.hasPrefix("contour(f, [x0, x1], [y0, y1], paths=[r1, r2]") == true)
        #expect(registry["critical"]?.signature == "critical(f, x0, steps=50)")
    }

    /// Every option a command declares appears in its signature, except the common ones that the
    /// family's help lists (steps, tol, quiet, data, shapes) and the hand-written call forms.
    @Test func everyDeclaredOptionIsShown() {
        for name in registry.names {
            guard let b = registry[name], !b.signature.contains(" or "), name != "record" else { continue }
            #expect(b.signature.hasPrefix(name + "(") && b.signature.hasSuffix(")"))
            let shown = b.signature.dropFirst(name.count + 1).dropLast().components(separatedBy: ", ")
            for p in b.parameters where p.isRequired && p.shown != nil {
                #expect(b.signature.contains(p.shown!), "\(b.signature) does not show \(p.name)")
            }
            for p in b.parameters where !p.isCommon && !(p.isRequired && p.shown != nil) {
                let expected = p.isRequired ? (p.shown ?? p.name) : (p.isNamedOnly || p.defaultValue != nil || p.shown != nil ? p.name + "=" : p.name)
                #expect(shown.contains { $0 == expected || ($0.hasPrefix(expected) && expected.hasSuffix("=")) },
                        "\(b.signature) does not show \(p.name)")
            }
            for p in b.parameters where p.isCommon {
                #expect(!shown.contains { $0.hasPrefix(p.name + "=") }, "\(b.signature) shows the common option \(p.name)")
            }
        }
    }

    @Test func defaultsAreWrittenAsLiterals() {
        typealias P = Builtin.Parameter
        #expect(P.literal(.number(1e-8)) == "1e-8")
        #expect(P.literal(.number(0.01)) == "0.01")
        #expect(P.literal(.number(400)) == "400")
        #expect(P.literal(.string("auto")) == #""auto""#)
        #expect(P.literal(.bool(false)) == "false")
    }
}
