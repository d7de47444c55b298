// Draws a graph of plan-graph.js as SVG. d3-force lays it out, run to rest before anything is
// drawn (no animation to wait for or to sit through), from d3-force's fixed seed, so the same plan
// draws the same picture. Every label is set as text.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from './d3-force.js';

const SVG = 'http://www.w3.org/2000/svg';

/** Steps of the layout: d3-force's own default for a simulation to come to rest. */
const TICKS = 300;
/** Relationship nodes (named by long keys) are labelled only in graphs this small, such as one
 * entity's; in larger ones their labels would cover each other, and the text list names them. */
const LABEL_ALL_UP_TO = 12;
/** A label's width per character, at the style sheet's 11px font, for the picture's bounds. */
const LABEL_CHAR = 6.5;
/** Space around the drawing, and the least extent of the view, in the picture's units (pixels
 * when it is not scaled down). */
const MARGIN = 12;
const MIN_WIDTH = 560;
const MIN_HEIGHT = 300;

const svgElement = (tag, attributes = {}) => {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
};

/** A node's radius: summary nodes grow with what they stand for. */
const radiusOf = (node) => (node.count ? 7 + 2 * Math.log2(node.count) : { entity: 8, scope: 9 }[node.shape] ?? 6);

function layout(graph) {
  const nodes = graph.nodes.map((node) => ({ ...node, r: radiusOf(node) }));
  const links = graph.edges.map((edge) => ({ ...edge }));
  forceSimulation(nodes)
    .force('link', forceLink(links).id((node) => node.id).distance(60))
    .force('charge', forceManyBody().strength(-140))
    .force('collide', forceCollide((node) => node.r + 6))
    .force('x', forceX().strength(0.05))
    .force('y', forceY().strength(0.05))
    .stop()
    .tick(TICKS);
  return { nodes, links };
}

function shapeOf(node) {
  if (node.shape === 'entity' || node.shape === 'scope') return svgElement('circle', { r: node.r });
  // Relationships and properties are squares standing on a corner.
  return svgElement('rect', { x: -node.r, y: -node.r, width: 2 * node.r, height: 2 * node.r, transform: 'rotate(45)' });
}

/** Draws `graph` into `svg`, whose accessible name becomes `summary`. */
export function drawGraph(svg, graph, summary) {
  const { nodes, links } = layout(graph);
  const labelled = (node) => node.shape !== 'relationship' || node.count || nodes.length <= LABEL_ALL_UP_TO;
  const edges = svgElement('g', { class: 'edges' });
  for (const link of links) {
    const line = svgElement('line', { x1: link.source.x, y1: link.source.y, x2: link.target.x, y2: link.target.y, class: `edge ${link.state}` });
    line.dataset.source = link.source.id;
    line.dataset.target = link.target.id;
    edges.append(line);
  }
  const drawn = svgElement('g', { class: 'nodes' });
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const node of nodes) {
    const group = svgElement('g', { class: `node ${node.shape} ${node.states.join(' ')}`, transform: `translate(${node.x.toFixed(1)} ${node.y.toFixed(1)})` });
    group.dataset.id = node.id;
    const title = svgElement('title');
    title.textContent = `${node.shape} ${node.count ? node.label : `${node.key}${node.type ? ` (${node.type})` : ''}: ${node.states.join(' and ')}`}`;
    group.append(title, shapeOf(node));
    let width = node.r;
    if (labelled(node)) {
      const text = svgElement('text', { x: node.r + 4, y: 4 });
      text.textContent = node.label;
      group.append(text);
      width += 4 + node.label.length * LABEL_CHAR;
    }
    drawn.append(group);
    [left, top, right, bottom] = [Math.min(left, node.x - node.r), Math.min(top, node.y - node.r), Math.max(right, node.x + width), Math.max(bottom, node.y + node.r)];
  }
  // A small graph keeps its natural size, centred, instead of being blown up to fill the box.
  const width = Math.max(MIN_WIDTH, right - left + 2 * MARGIN);
  const height = Math.max(MIN_HEIGHT, bottom - top + 2 * MARGIN);
  const box = [(left + right - width) / 2, (top + bottom - height) / 2, width, height];
  svg.setAttribute('viewBox', box.map((n) => n.toFixed(1)).join(' '));
  svg.setAttribute('aria-label', summary);
  svg.replaceChildren(edges, drawn);
}
