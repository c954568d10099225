/**
 * Node addresses. Instance `i` (from 0) of component `NAME` has the logical
 * address `NAME#i`; when the component runs as K > 1 partitions, partition `p`
 * of that instance is the node `NAME#i/p`. Any other string is an address
 * outside the deployment (a client, such as `client1`).
 */

/** The logical address of instance `instance` of `component`. */
export function logicalAddress(component: string, instance: number): string {
  return `${component}#${instance}`;
}

/** The address of partition `partition` of a logical address. */
export function partitionAddress(logical: string, partition: number): string {
  return `${logical}/${partition}`;
}

/**
 * The component an address names, if it has the shape of a node address
 * (`NAME#...`), whether or not such a node exists. Used to tell a mistyped or
 * out-of-range node address from a client address.
 */
export function addressComponent(address: string): string | undefined {
  const hash = address.indexOf('#');
  return hash > 0 ? address.slice(0, hash) : undefined;
}
