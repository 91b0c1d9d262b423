/// libFuzzer's entry for the whole pipeline: each input is trimmed and held
/// to `FuzzContract.pipelineViolation`; a violation stops the run with it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    if let violation = FuzzContract.pipelineViolation(Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError("the contract is broken: \(violation)")
    }
    return 0
}
