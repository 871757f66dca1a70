package constraints

const only_wasip1 = true
