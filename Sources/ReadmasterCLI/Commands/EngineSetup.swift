import ReadmasterEngine

/// Loads the engine's shared resources for `assess analyze` and `assess worker`, with
/// `--model FILE` standing for `READMASTER_MODEL` (the Whisper model, a ggml file).
enum EngineSetup {
    static let modelOption = OptionSpec(.model, value: "FILE",
                                        help: "the Whisper model (a ggml file; default: READMASTER_MODEL, else the installed tiny.en)",
                                        completes: .file)

    static func resources(_ inv: Invocation) throws -> EngineResources {
        var environment = inv.environment
        if let model = inv.value(.model) { environment["READMASTER_MODEL"] = model }
        do { return try EngineResources(environment: environment) } catch let e as EngineError {
            throw CLIError.failure("\(e)")
        }
    }
}
