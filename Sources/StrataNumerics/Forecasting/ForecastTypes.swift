import Foundation

/// A failure of a forecasting routine, naming the parameter at fault.
public enum ForecastError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Too few observations for the requested method.
    case tooShort(method: String, count: Int, minimum: Int)
    /// A value that must be finite is NaN or infinite (`index` is 0-based).
    case missingValue(parameter: String, index: Int)
    /// A parameter is outside its domain.
    case invalidParameter(name: String, detail: String)
    /// The model cannot be fitted to these data (e.g. a multiplicative model on non-positive data).
    case notApplicable(model: String, reason: String)
    /// No candidate model could be fitted.
    case noAdmissibleModel(detail: String)

    /// A readable message naming the parameter or model at fault.
    public var description: String {
        switch self {
        case let .tooShort(method, count, minimum):
            return "\(method): the series has \(count) usable observations; at least \(minimum) are needed"
        case let .missingValue(parameter, index):
            return "'\(parameter)' has a missing or non-finite value at index \(index)"
        case let .invalidParameter(name, detail):
            return "parameter '\(name)' \(detail)"
        case let .notApplicable(model, reason):
            return "\(model) cannot be fitted: \(reason)"
        case let .noAdmissibleModel(detail):
            return "no admissible model: \(detail)"
        }
    }
}

/// A central prediction interval at one coverage level, for every step ahead.
public struct PredictionInterval: Sendable, Codable, Equatable {
    /// Nominal coverage in percent, e.g. `80`.
    public var level: Double
    /// Lower bounds, one per step ahead.
    public var lower: [Double]
    /// Upper bounds, one per step ahead.
    public var upper: [Double]

    /// Creates an interval from its bounds.
    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}

/// Point forecasts with prediction intervals and the notes a reader needs
/// (fallbacks taken, observations dropped, bounds clipped).
public struct Forecast: Sendable, Codable, Equatable {
    /// The method actually used, e.g. `"ETS(M,Ad,M)"`, `"Theta"`, `"naive"`.
    public var method: String
    /// Point forecasts (means), one per step ahead.
    public var mean: [Double]
    /// Prediction intervals, in the order the levels were requested.
    public var intervals: [PredictionInterval]
    /// Human-readable notes about fallbacks and data handling.
    public var notes: [String]

    /// Creates a forecast.
    public init(method: String, mean: [Double], intervals: [PredictionInterval], notes: [String] = []) {
        self.method = method
        self.mean = mean
        self.intervals = intervals
        self.notes = notes
    }

    /// The number of steps ahead.
    public var horizon: Int { mean.count }

    /// The interval at `level` percent, if it was computed.
    public func interval(level: Double) -> PredictionInterval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
}

/// Shared argument checks for the forecasting routines.
enum ForecastCheck {
    static func horizon(_ h: Int) throws {
        guard h >= 1, h <= 10_000 else {
            throw ForecastError.invalidParameter(name: "horizon", detail: "must be between 1 and 10000, is \(h)")
        }
    }

    static func period(_ m: Int) throws {
        guard m >= 1, m <= 1_000 else {
            throw ForecastError.invalidParameter(name: "period", detail: "must be between 1 and 1000, is \(m)")
        }
    }

    static func levels(_ levels: [Double]) throws {
        for level in levels where !(level > 0 && level < 100) {
            throw ForecastError.invalidParameter(name: "level", detail: "must be strictly between 0 and 100, is \(level)")
        }
    }

    static func finite(_ y: [Double], _ name: String) throws {
        if let i = y.firstIndex(where: { !$0.isFinite }) {
            throw ForecastError.missingValue(parameter: name, index: i)
        }
    }
}
