import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// Commands that form full Hessians say so first on large objectives (m ≥ 3000), unless quiet.
/// steps=0 keeps these cheap: the note is printed before the first Hessian is formed.
@Suite struct LargeHessianNoteTests {
    @Test func newtonAndExactSFNNoteALargeHessian() throws {
        let out = try sfn("f(w) = sum(w^2)\nr = newton(f, ones(3000), steps=0)").output
        #expect(out.hasPrefix("newton: note: 3000 parameters; every step forms the full 3000×3000 Hessian (3000 hvps, 72 MB)"))
        #expect(try sfn("f(w) = sum(w^2)\nr = sfn(f, ones(3000), steps=0)").output.hasPrefix("sfn: note: 3000 parameters"))
    }

    @Test func noNoteWhenQuietSmallOrHessianFree() throws {
        #expect(try sfn("f(w) = sum(w^2)\nr = newton(f, ones(3000), steps=0, quiet=true)").output.isEmpty)
        #expect(try !sfn("f(w) = sum(w^2)\nr = newton(f, ones(2999), steps=0)").output.contains("note"))
        #expect(try !sfn("f(w) = sum(w^2)\nr = sfn(f, ones(3000), steps=0, krylov=5)").output.contains("note"))
    }
}
