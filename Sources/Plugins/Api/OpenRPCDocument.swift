import Kernel

/// Builds the OpenRPC 1.2.6 document of the API from its method table, so the document and the
/// server cannot drift apart. `docs/api/openrpc.json` is this document as shipped (saved from a running
/// node's `GET /openrpc.json`); a test checks the running server's `rpc.discover` against the file.
enum OpenRPCDocument {
    static func make(_ methods: [RPCMethod]) -> ControlValue {
        .object([
            "openrpc": .string("1.2.6"),
            "info": .object([
                "title": .string("Parley node API"),
                "version": .string(ParleyVersion.current),
                "description": .string("JSON-RPC 2.0 over HTTP POST / on the `api` plugin (loopback by default; Authorization: Bearer <token> when a token is set). Method names follow status-go where it has the method."),
            ]),
            "methods": .array(methods.map { method in
                .object([
                    "name": .string(method.name),
                    "summary": .string(method.summary),
                    "paramStructure": .string("either"),
                    "params": .array(method.params.map(descriptor)),
                    "result": descriptor(method.result),
                ])
            }),
        ])
    }

    static func descriptor(_ descriptor: RPCMethod.Descriptor) -> ControlValue {
        .object([
            "name": .string(descriptor.name), "summary": .string(descriptor.summary),
            "schema": descriptor.schema, "required": .bool(descriptor.required),
        ])
    }
}
