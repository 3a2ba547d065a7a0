/**
 * The groups of segments that reach themselves through IN_COHORT: Tarjan's strongly connected components, iterative so
 * a long chain of segments cannot overflow the stack, linear in segments plus references.
 */
export function cycles(edges: readonly (readonly number[])[]): number[][] {
  const order = new Array<number>(edges.length).fill(-1);
  const low = new Array<number>(edges.length).fill(0);
  const onStack = new Array<boolean>(edges.length).fill(false);
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;
  const enter = (node: number): void => {
    order[node] = low[node] = counter++;
    stack.push(node);
    onStack[node] = true;
  };
  for (let root = 0; root < edges.length; root++) {
    if (order[root] !== -1) continue;
    enter(root);
    const work: [node: number, next: number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, next] = frame;
      if (next < edges[node].length) {
        frame[1] = next + 1;
        const target = edges[node][next];
        if (order[target] === -1) {
          enter(target);
          work.push([target, 0]);
        } else if (onStack[target]) low[node] = Math.min(low[node], order[target]);
        continue;
      }
      work.pop();
      if (work.length > 0) low[work[work.length - 1][0]] = Math.min(low[work[work.length - 1][0]], low[node]);
      if (low[node] === order[node]) {
        const component = popComponent(stack, onStack, node);
        if (component.length > 1 || edges[node].includes(node)) found.push(component);
      }
    }
  }
  return found;
}

function popComponent(stack: number[], onStack: boolean[], root: number): number[] {
  const component: number[] = [];
  let member: number;
  do {
    member = stack.pop() as number;
    onStack[member] = false;
    component.push(member);
  } while (member !== root);
  return component.reverse();
}
