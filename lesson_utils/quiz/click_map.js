// Draws a map question's countries as SVG paths (outlines already in pixels, from Python) and
// reports clicks: a country one may pick becomes the model's value; any other is sent back as
// "refused", so the quiz can say why nothing happened. The list beside the map is the keyboard
// route, so the picture itself is one image with a spoken label, not a row of Tab stops.
const SVG = "http://www.w3.org/2000/svg";
const STYLE = `.quiz-map-svg { display: block; width: 100%; height: auto; }
.quiz-map-svg .quiz-map-choice { cursor: pointer; }
.quiz-map-svg .quiz-map-choice:hover path, .quiz-map-svg .quiz-map-choice:hover circle { stroke: #000; stroke-width: 2; }`;

function add(parent, tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  parent.appendChild(node);
  return node;
}

export default {
  render({ model, el }) {
    const picture = model.get("picture"), colours = model.get("colours");
    const { width, height } = picture;
    const style = document.createElement("style");
    style.textContent = STYLE;
    el.appendChild(style);
    const svg = add(el, "svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": picture.label, class: "quiz-map-svg" });
    svg.style.maxWidth = `${width}px`;
    add(svg, "rect", { width, height, fill: "#FFFFFF" });
    const groups = new Map();
    for (const shape of picture.shapes) {
      const group = add(svg, "g", { class: `quiz-map-${shape.role}`, "data-code": shape.code });
      add(group, "title").textContent = shape.name;
      add(group, "path", { d: shape.d, "fill-rule": "evenodd", stroke: colours.border, "stroke-width": 0.6 });
      if (shape.dot) add(group, "circle", { cx: shape.dot[0], cy: shape.dot[1], r: 6, stroke: colours.border, "stroke-width": 1 });
      group.addEventListener("click", () => {
        if (shape.role === "choice") {
          model.set("value", shape.code);
          model.save_changes();
        } else {
          model.send({ refused: shape.code });
        }
      });
      groups.set(shape.code, [group, shape.role]);
    }
    const lines = picture.note;
    const foot = height - 4 - 13 * lines.length;
    add(svg, "rect", { x: 0, y: foot - 4, width, height: height - foot + 4, fill: "rgba(255,255,255,0.8)" });
    const note = add(svg, "text", { x: 4, y: foot, "font-size": 11, fill: "#333333", "font-family": "sans-serif" });
    lines.forEach((line, n) => {
      add(note, "tspan", { x: 4, dy: n ? 13 : 9 }).textContent = line;
    });
    const paint = () => {
      const picked = model.get("value");
      for (const [code, [group, role]] of groups) group.setAttribute("fill", code === picked ? colours.chosen : colours[role]);
    };
    paint();
    model.on("change:value", paint);
    return () => model.off("change:value", paint);
  },
};
