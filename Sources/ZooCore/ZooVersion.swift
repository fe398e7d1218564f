/// The version of zoo.
public enum ZooVersion {
    public static let current = "0.1.0"
}
