// The operation controls, built from the operation schema the API publishes (GET /api/operations): one checkbox per
// operation, one control per parameter it declares, and the parameters several operations share (resize, strip,
// fail_on) once, in the "Output" fieldset. Reading the controls gives operation_params with only the values that
// differ from their declared defaults.

/** Parameters shown once for every operation that declares them, rather than per operation. */
export const SHARED = ['resize', 'strip', 'fail_on'];
/** The operations ticked when the page opens. */
const CHECKED = ['jpg', 'webp', 'metadata'];

const lower = (text) => text.charAt(0).toLowerCase() + text.slice(1);
const words = (name) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** The label and input of one declared scalar parameter; `data` names it for reading back. */
function control(param, id, data) {
  const hint = param.description;
  if (param.type === 'boolean') {
    const box = element('input', { type: 'checkbox', id, title: hint, dataset: data });
    box.checked = param.default === true;
    return [element('label', { class: 'check' }, box, ` ${words(param.name)}`)];
  }
  if (param.type === 'string') {
    const select = element('select', { id, title: hint, dataset: data },
      ...param.enum.map((value) => element('option', { value, selected: value === param.default }, value)));
    return [element('label', { for: id }, words(param.name)), select];
  }
  if (param.default === undefined) {
    // No fixed default (it depends on another parameter, or the parameter is optional): empty means "let the server choose".
    const input = element('input', { type: 'number', id, min: param.minimum, max: param.maximum, placeholder: 'auto',
      inputmode: param.type === 'integer' ? 'numeric' : 'decimal', title: hint, dataset: data });
    return [element('label', { for: id }, words(param.name)), input];
  }
  const step = param.type === 'integer' ? 1 : (param.maximum - param.minimum) / 20;
  const range = element('input', { type: 'range', id, min: param.minimum, max: param.maximum, step, value: param.default,
    title: hint, dataset: data });
  const output = element('output', { id: `${id}-value`, for: id }, String(param.default));
  range.addEventListener('input', () => { output.value = range.value; });
  return [element('label', { for: id }, `${words(param.name)} `, output), range];
}

/** Draws the operations into `list` and the shared parameters into `shared`, keeping what was already chosen. */
export function render(operations, list, shared) {
  const chosen = new Set([...list.querySelectorAll('input[name="op"]')].filter((box) => box.checked).map((box) => box.value));
  const keep = list.children.length ? chosen : new Set(CHECKED);
  list.replaceChildren(...operations.map((op) => {
    const box = element('input', { type: 'checkbox', name: 'op', value: op.id });
    box.checked = keep.has(op.id);
    const title = element('label', { class: 'check' }, box, ' ', element('span', {}, element('strong', {}, op.title), ` ${op.summary}`));
    const own = op.params.filter((param) => !SHARED.includes(param.name));
    const item = element('div', { class: 'operation', dataset: { op: op.id } }, title);
    if (own.length) {
      item.append(element('div', { class: 'params' },
        ...own.flatMap((param) => control(param, `${op.id}-${param.name}`, { param: param.name }))));
    }
    return item;
  }));

  const declared = new Map();
  operations.forEach((op) => op.params.filter((param) => SHARED.includes(param.name)).forEach((param) => declared.set(param.name, param)));
  shared.replaceChildren(...SHARED.filter((name) => declared.has(name)).map((name) => {
    const param = declared.get(name);
    if (param.type === 'object') {
      const row = element('div', { class: 'row' }, ...param.params.map((member) => element('div', { class: 'field' },
        ...control(member, `${name}-${member.name}`, { shared: name, member: member.name }))));
      return element('div', { class: 'group' }, element('p', { class: 'hint' }, `${words(name)} (optional): ${lower(param.description)}`), row);
    }
    return element('div', { class: 'field' }, ...control(param, name, { shared: name }), element('span', { class: 'hint' }, param.description));
  }));
}

function value(input) {
  if (input.type === 'checkbox') return input.checked;
  if (input.type === 'range' || input.type === 'number') return input.value === '' ? undefined : Number(input.value);
  return input.value || undefined;
}

/** operation_params for the chosen `operations`: the values that differ from their declared defaults. */
export function read(catalog, operations, list, shared) {
  const params = {};
  for (const op of catalog.filter((entry) => operations.includes(entry.id))) {
    const p = {};
    for (const param of op.params) {
      const given = SHARED.includes(param.name)
        ? readShared(param, shared)
        : value(list.querySelector(`.operation[data-op="${op.id}"] [data-param="${param.name}"]`));
      if (given !== undefined && given !== param.default) p[param.name] = given;
    }
    if (Object.keys(p).length || op.params.length) params[op.id] = p;
  }
  return params;
}

function readShared(param, shared) {
  if (param.type !== 'object') return value(shared.querySelector(`[data-shared="${param.name}"]:not([data-member])`));
  const group = {};
  for (const member of param.params) {
    const given = value(shared.querySelector(`[data-shared="${param.name}"][data-member="${member.name}"]`));
    if (given !== undefined && given !== member.default) group[member.name] = given;
  }
  // resize: nothing to do without a side; a fit other than "inside" needs both sides, so with one it falls back.
  const sides = param.params.filter((member) => member.default === undefined).map((member) => member.name);
  const given = sides.filter((side) => group[side] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < sides.length) delete group.fit;
  return group;
}
