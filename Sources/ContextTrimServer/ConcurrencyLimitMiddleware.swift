import Hummingbird
import Synchronization

/// Bounds the requests in flight, from their arrival to the last byte of
/// their response: one more is answered 503 in its API's error shape (the
/// SDKs retry it) instead of queueing behind the others without end.
public struct ConcurrencyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    public let limit: Int
    private let inFlight: InFlight

    public init(limit: Int, metrics: ProxyMetrics? = nil) {
        self.limit = limit
        inFlight = InFlight(metrics: metrics)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let slot = inFlight.take(limit: limit) else {
            let route = APIRoute(method: request.method, path: request.head.path ?? "/", headers: request.headers)
            return ProxyError.tooManyRequests(limit: limit).response(for: route.provider)
        }
        var response = try await next(request, context)
        // The slot is held until the body is written, or dropped unwritten.
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { withExtendedLifetime(slot) {} }
            try await body.write(writer)
        }
        return response
    }

    /// The count of requests in flight; a `Slot` gives its place back when released.
    final class InFlight: Sendable {
        private let count = Mutex(0)
        private let metrics: ProxyMetrics?

        init(metrics: ProxyMetrics?) {
            self.metrics = metrics
        }

        func take(limit: Int) -> Slot? {
            let taken = count.withLock { count -> Bool in
                guard count < limit else { return false }
                count += 1
                return true
            }
            guard taken else { return nil }
            metrics?.requestStarted()
            return Slot(self)
        }

        fileprivate func giveBack() {
            count.withLock { $0 -= 1 }
            metrics?.requestEnded()
        }
    }

    final class Slot: Sendable {
        private let owner: InFlight

        init(_ owner: InFlight) {
            self.owner = owner
        }

        deinit { owner.giveBack() }
    }
}
