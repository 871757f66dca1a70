package constraints

const only_linux = true
