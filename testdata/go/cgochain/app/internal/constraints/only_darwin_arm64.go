package constraints

const only_darwin_arm64 = true
