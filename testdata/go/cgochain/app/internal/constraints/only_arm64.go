package constraints

const only_arm64 = true
