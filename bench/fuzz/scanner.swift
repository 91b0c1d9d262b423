/// libFuzzer's entry for the JSON scanner: each input is scanned and held
/// to `FuzzContract.scannerViolation`; a violation stops the run with it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScanner(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    if let violation = FuzzContract.scannerViolation(Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError("the contract is broken: \(violation)")
    }
    return 0
}
