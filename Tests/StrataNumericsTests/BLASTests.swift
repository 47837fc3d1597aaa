import Testing
@testable import StrataNumerics

@Suite struct BLASTests {
    @Test func gemmSmall() throws {
        // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]] (hand calculation)
        let a = try Matrix(rowArrays: [[1, 2], [3, 4]])
        let b = try Matrix(rowArrays: [[5, 6], [7, 8]])
        #expect(try a.multiplied(by: b) == Matrix(rowArrays: [[19, 22], [43, 50]]))
    }
}
