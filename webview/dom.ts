/**
 * A tiny element builder. Text always goes through `textContent`, never `innerHTML`, so trial
 * names and config values from the run store can never become markup.
 */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string | number | boolean>> = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'className') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A labelled control: `<label>text <control></label>`. */
export function labelled(
  text: string,
  control: HTMLElement,
  after?: HTMLElement,
): HTMLLabelElement {
  return el('label', {}, [text, control, after]);
}

export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}
