package constraints

const only_windows = true
