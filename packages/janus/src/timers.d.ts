// The timer functions every JavaScript runtime has (HTML and Node): the package compiles against neither the DOM
// nor Node's types, so it can use nothing else of either. Handles are opaque here (a number in browsers, a
// `Timeout` object in Node).
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function setInterval(callback: () => void, ms?: number): unknown;
declare function clearInterval(handle: unknown): void;
