/** An element with a class and, optionally, its text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** A real `<button>` (keyboard-accessible) styled as ours. */
export function button(
  label: string,
  className: string,
  onClick: () => void,
  disabled = false
): HTMLButtonElement {
  const b = el('button', `jp-Linearize-button ${className}`.trim(), label);
  b.type = 'button';
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}
