import Foundation

/// A small JSON Schema (draft 2020-12) validator for the keywords the
/// assessment schema uses: `type`, `required`, `properties`,
/// `additionalProperties`, `items`, `$ref` (to `#/$defs/…`), `enum`, `const`,
/// `anyOf`, `pattern`. Returns one message per violation with its JSON path.
struct JSONSchemaValidator {
    let root: [String: Any]

    init(schema data: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        root = object
    }

    func validate(_ instance: Any) -> [String] {
        var errors: [String] = []
        check(instance, root, "$", &errors)
        return errors
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/"),
              let defs = root["$defs"] as? [String: Any],
              let target = defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any] else { return schema }
        return resolve(target)
    }

    private func typeName(_ v: Any) -> String {
        if v is NSNull { return "null" }
        if let n = v as? NSNumber {
            if CFGetTypeID(n) == CFBooleanGetTypeID() { return "boolean" }
            return n.doubleValue == n.doubleValue.rounded() && !"\(n)".contains(".") ? "integer" : "number"
        }
        if v is String { return "string" }
        if v is [Any] { return "array" }
        if v is [String: Any] { return "object" }
        return "unknown"
    }

    private func matches(_ v: Any, type: String) -> Bool {
        let t = typeName(v)
        return t == type || (type == "number" && t == "integer")
    }

    private func check(_ v: Any, _ raw: [String: Any], _ path: String, _ errors: inout [String]) {
        let s = resolve(raw)
        if let anyOf = s["anyOf"] as? [[String: Any]] {
            let ok = anyOf.contains { sub in
                var e: [String] = []
                check(v, sub, path, &e)
                return e.isEmpty
            }
            if !ok { errors.append("\(path): matches no alternative of anyOf") }
        }
        if let type = s["type"] as? String, !matches(v, type: type) {
            errors.append("\(path): expected \(type), got \(typeName(v))")
            return
        }
        if let types = s["type"] as? [String], !types.contains(where: { matches(v, type: $0) }) {
            errors.append("\(path): expected one of \(types), got \(typeName(v))")
            return
        }
        if let options = s["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(v)" && typeName($0) == typeName(v) }) {
            errors.append("\(path): \(v) is not one of \(options)")
        }
        if let c = s["const"], "\(c)" != "\(v)" { errors.append("\(path): expected \(c), got \(v)") }
        if let pattern = s["pattern"] as? String, let str = v as? String {
            let re = try? NSRegularExpression(pattern: pattern)
            if re?.firstMatch(in: str, range: NSRange(str.startIndex..., in: str)) == nil {
                errors.append("\(path): '\(str)' does not match \(pattern)")
            }
        }
        if let object = v as? [String: Any] {
            for key in s["required"] as? [String] ?? [] where object[key] == nil {
                errors.append("\(path): missing required key '\(key)'")
            }
            let properties = s["properties"] as? [String: Any] ?? [:]
            for (key, value) in object {
                if let sub = properties[key] as? [String: Any] {
                    check(value, sub, "\(path).\(key)", &errors)
                } else if let extra = s["additionalProperties"] as? Bool, !extra {
                    errors.append("\(path): unexpected key '\(key)'")
                } else if let extra = s["additionalProperties"] as? [String: Any] {
                    check(value, extra, "\(path).\(key)", &errors)
                }
            }
        }
        if let array = v as? [Any], let items = s["items"] as? [String: Any] {
            for (i, element) in array.enumerated() { check(element, items, "\(path)[\(i)]", &errors) }
        }
    }
}
