package constraints

const only_linux_arm64 = true
