import Foundation

/// Which deployments idle (the spec's "Container Idling"): exactly one web container of one
/// memory unit (128 MB) that has seen no request for `idleAfter` seconds. Scaling up opts out.
public struct IdlePolicy: Sendable, Equatable {
    /// Seconds without a request before idling; 0 (or less) disables idling.
    public var idleAfter: Double

    public init(idleAfter: Double) { self.idleAfter = idleAfter }

    public var isEnabled: Bool { idleAfter > 0 }

    public func isEligible(_ target: DesiredDeployment) -> Bool {
        target.containers == 1 && target.memory.boxes == 1
    }

    /// `lastActivity`: the newest of the last request and the last switch to new containers.
    public func shouldIdle(_ target: DesiredDeployment, lastActivity: Date, now: Date) -> Bool {
        isEnabled && isEligible(target) && now.timeIntervalSince(lastActivity) >= idleAfter
    }

    /// How often the monitor looks: a fraction of the period, so idling happens close to it.
    public var checkInterval: Double { min(max(idleAfter / 4, 0.25), 30) }
}
