// LANGUAGE.md §3: expressions. Each precedence row is checked against the row below it by a value
// that differs between the two groupings.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

@Suite struct Conformance3Expressions {
    // Row 1: postfix — call, index, A[i, j], slice, A[:, 1], x[end], field r.x, transpose A'
    @Test func row1Postfix() throws {
        #expect(try Conf.number("f(a, b) = a - b; f(5, 2)") == 3)
        #expect(try Conf.doubles("size(randn(2, 3, seed=1))") == [2, 3])   // f(a, b, name=v)
        #expect(try Conf.number("f(x, y) = x^2 - y^2; grad(f, [1, 2])[2]") == -4)  // index of a call
        #expect(try Conf.number("x = [10, 20, 30]; x[2]") == 20)
        #expect(try Conf.number("A = [1, 2; 3, 4]; A[2, 1]") == 3)
        #expect(try Conf.doubles("x = [10, 20, 30, 40, 50]; x[2:4]") == [20, 30, 40])
        #expect(try Conf.doubles("A = [1, 2; 3, 4]; A[:, 1]") == [1, 3])
        #expect(try Conf.doubles("A = [1, 2; 3, 4]; A[2, :]") == [3, 4])
        #expect(try Conf.number("x = [10, 20, 30]; x[end]") == 30)
        #expect(try Conf.number("x = [10, 20, 30]; x[end - 1]") == 20)
        #expect(try Conf.doubles("x = [10, 20, 30]; x[2:end]") == [20, 30])
        #expect(try Conf.number("A = [1, 2, 3; 4, 5, 6]; A[end, end]") == 6)
        #expect(try Conf.number("r = record(x=7); r.x") == 7)
        #expect(try Conf.rows("A = [1, 2; 3, 4]; A'") == [[1, 3], [2, 4]])
        #expect(try Conf.rows("[1, 2, 3; 4, 5, 6]'") == [[1, 4], [2, 5], [3, 6]])
        // chained postfix, left to right
        #expect(try Conf.number("r = record(x=[1, 2; 3, 4]); r.x'[1, 2]") == 3)
        #expect(try Conf.number("r = record(v=[5, 6]); r.v[2]") == 6)
        // postfix binds tighter than ^ and unary minus
        #expect(try Conf.number("x = [3, 4]; x[2]^2") == 16)
        #expect(try Conf.number("x = [3, 4]; -x[1]") == -3)
        #expect(try Conf.rows("A = [1, 2; 3, 4]; A'^2") == [[1, 9], [4, 16]])
    }

    @Test func namedArgumentsInCalls() throws {
        // call f(a, b, name=v): named arguments of built-ins
        #expect(try Conf.doubles("randn(3, seed=7)") == (try Conf.doubles("randn(3, seed=7)")))
        #expect(try Conf.string("f(x) = x^2; classify(f, [0], tol=1e-6, gtol=1e-6, quiet=true).kind") == "minimum")
        let e = try #require(Conf.error("f(x) = x^2; classify(f, [0], nosuch=1)"))
        #expect(e.message.contains("nosuch"))
    }

    // Row 2: ^ (right-associative; -x^2 is -(x^2))
    @Test func row2Power() throws {
        #expect(try Conf.number("2^3^2") == 512)      // 2^(3^2), not (2^3)^2 = 64
        #expect(try Conf.number("-2^2") == -4)        // -(2^2)
        #expect(try Conf.number("x = 3; -x^2") == -9)
        #expect(try Conf.number("2 * 3^2") == 18)     // ^ above *
        #expect(try Conf.number("2^-1") == 0.5)
        #expect(try Conf.doubles("[1, 2, 3]^2") == [1, 4, 9])  // elementwise
    }

    // Row 3: unary -, not
    @Test func row3Unary() throws {
        #expect(try Conf.number("-2 * -3") == 6)
        #expect(try Conf.number("--2") == 2)
        #expect(try Conf.bool("not true") == false)
        #expect(try Conf.bool("not false and false") == false)  // (not false) and false
        #expect(try Conf.bool("not true == false") == true)     // (not true) == false
        #expect(try Conf.number("-2 + 3") == 1)                 // (-2) + 3; -a * b groups as ParserTests show
    }

    // Row 4: * / (elementwise, broadcasting), @ (matrix product; vector@vector is the dot product)
    @Test func row4Multiplicative() throws {
        #expect(try Conf.number("1 + 2 * 3") == 7)
        #expect(try Conf.number("8 / 4 / 2") == 1)     // left-associative
        #expect(try Conf.number("2 * 6 / 3") == 4)
        #expect(try Conf.doubles("[1, 2, 3] * [4, 5, 6]") == [4, 10, 18])
        #expect(try Conf.doubles("[2, 4] / [2, 1]") == [1, 4])
        #expect(try Conf.rows("[1, 2; 3, 4] * [10, 100]") == [[10, 200], [30, 400]])  // NumPy broadcasting
        #expect(try Conf.rows("ones(2, 1) * [1, 2]") == [[1, 2], [1, 2]])
        #expect(try Conf.number("[1, 2] @ [3, 4]") == 11)                     // vector@vector: dot
        #expect(try Conf.doubles("[1, 2; 3, 4] @ [1, 1]") == [3, 7])           // matrix@vector
        #expect(try Conf.doubles("[1, 2] @ [1, 2; 3, 4]") == [7, 10])          // vector@matrix
        #expect(try Conf.rows("[1, 2; 3, 4] @ [0, 1; 1, 0]") == [[2, 1], [4, 3]])
        #expect(try Conf.number("1 + [1, 2] @ [3, 4]") == 12)                  // @ above +
        #expect(try Conf.number("[1, 2] * [3, 4] @ [5, 6]") == 63)            // (a * b) @ c, not a * (b @ c)
    }

    // Row 5: + - (elementwise, broadcasting)
    @Test func row5Additive() throws {
        #expect(try Conf.number("10 - 2 - 3") == 5)    // left-associative
        #expect(try Conf.doubles("[1, 2] + [10, 20]") == [11, 22])
        #expect(try Conf.doubles("[1, 2] + 1") == [2, 3])
        #expect(try Conf.rows("[1, 2, 3; 4, 5, 6] + [10, 20, 30]") == [[11, 22, 33], [14, 25, 36]])
        #expect(try Conf.rows("[1, 2] + ones(2, 1)") == [[2, 3], [2, 3]])
        #expect(Conf.error("zeros(2, 3) + ones(3, 2)")?.message.contains("shape") == true)
    }

    // Row 6: : (inclusive range), looser than + -
    @Test func row6Range() throws {
        #expect(try Conf.doubles("2:4") == [2, 3, 4])
        #expect(try Conf.doubles("1 + 1:2 + 2") == [2, 3, 4])          // (1+1):(2+2)
        #expect(try Conf.doubles("1:3 + 1") == [1, 2, 3, 4])
        #expect(try Conf.doubles("1 + 2 : 2 * 3") == [3, 4, 5, 6])
        #expect(try Conf.doubles("n = 3; 1:n") == [1, 2, 3])
    }

    // Row 7: < <= > >= == != (elementwise), looser than :
    @Test func row7Comparisons() throws {
        #expect(try Conf.bool("1 < 2") == true)
        #expect(try Conf.bool("2 <= 2") == true)
        #expect(try Conf.bool("1 > 2") == false)
        #expect(try Conf.bool("1 >= 2") == false)
        #expect(try Conf.bool("2 == 2") == true)
        #expect(try Conf.bool("2 != 2") == false)
        #expect(try Conf.bool("1 + 1 < 3") == true)        // + above <
        #expect(try Conf.bool("all(1:3 == [1, 2, 3])") == true)  // : above ==
        #expect(try Conf.doubles("[1, 2, 3] <= 2") == [1, 1, 0])  // elementwise
        #expect(try Conf.doubles("[1, 2] != [1, 3]") == [0, 1])
        #expect(try Conf.bool("all([1, 2, 3] > 0)") == true)
        #expect(try Conf.bool("any([1, 2, 3] > 2)") == true)
    }

    // Row 8: and, then or
    @Test func row8Logic() throws {
        #expect(try Conf.bool("true and false") == false)
        #expect(try Conf.bool("false or true") == true)
        #expect(try Conf.bool("true or true and false") == true)   // and binds tighter than or
        #expect(try Conf.bool("false and false or true") == true)
        #expect(try Conf.bool("1 < 2 and 3 < 4") == true)         // comparisons above and
        #expect(try Conf.bool("true or false and false") == true) // and above or
    }

    // Row 9: if c then a else b, the loosest
    @Test func row9IfThenElse() throws {
        #expect(try Conf.number("if 1 < 2 then 3 else 4") == 3)
        #expect(try Conf.number("if false then 1 else 2 + 10") == 12)   // else takes the whole sum
        #expect(try Conf.number("if false or true then 1 else 2") == 1)  // or inside the condition
        #expect(try Conf.number("if false then 1 else if true then 2 else 3") == 2)
        #expect(try Conf.string("x = if 2 > 1 then \"a\" else \"b\"; x") == "a")
    }

    @Test func indexingIsOneBasedRangesInclusive() throws {
        #expect(try Conf.number("x = [7, 8, 9]; x[1]") == 7)
        #expect(Conf.error("x = [7, 8, 9]; x[0]") != nil)
        #expect(Conf.error("x = [7, 8, 9]; x[4]") != nil)
        #expect(try Conf.doubles("x = [7, 8, 9]; x[1:3]") == [7, 8, 9])
        #expect(try Conf.doubles("2:4") == [2, 3, 4])
        #expect(try Conf.doubles("5:5") == [5])
        #expect(Conf.error("x = 1; end") != nil)  // `end` only inside an index
    }

    @Test func blocksAreExpressions() throws {
        #expect(try Conf.number("{ s1 = 2; s2 = 3; s1 * s2 }") == 6)
        #expect(try Conf.number("b = { t = 2; t * t }; b") == 4)
        #expect(try Conf.number("f(x) = { y = x + 1; y^2 }; f(2)") == 9)
    }

    @Test func generators() throws {
        #expect(try Conf.number("x = [2, 3, 4]; n = 3; sum((x[i] - 1)^2 for i in 1:n)") == 1 + 4 + 9)
        #expect(try Conf.number("prod(i for i in 1:4)") == 24)
        #expect(try Conf.number("max(i^2 for i in 1:4)") == 16)
        #expect(try Conf.number("min((i - 3)^2 for i in 1:5)") == 0)
        #expect(try Conf.doubles("[i^2 for i in 1:5]") == [1, 4, 9, 16, 25])
        #expect(try Conf.doubles("[2 * v for v in [1, 5]]") == [2, 10])
    }

    @Test func arithmeticFollowsIEEE() throws {
        #expect(try Conf.number("log(-1)")?.isNaN == true)
        #expect(try Conf.number("1/0") == .infinity)
        #expect(try Conf.number("-1/0") == -.infinity)
        #expect(try Conf.number("0/0")?.isNaN == true)
        #expect(try Conf.number("sqrt(-1)")?.isNaN == true)
        #expect(try Conf.number("inf - inf")?.isNaN == true)
        #expect(try Conf.number("exp(1000)") == .infinity)
    }
}
