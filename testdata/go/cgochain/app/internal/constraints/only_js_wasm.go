package constraints

const only_js_wasm = true
