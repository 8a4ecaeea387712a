// Draws a map question's countries as SVG paths (outlines already in pixels, from Python) and
// reports clicks: a country one may pick becomes the model's value; any other is sent back as
// "refused", so the quiz can say why nothing happened. The list beside the map is the keyboard
// route, so the picture itself is one image with a spoken label, not a row of Tab stops.
const SVG = "http://www.w3.org/2000/svg";
const STYLE = `.quiz-map-svg { display: block; width: 100%; height: auto; }
.quiz-map-svg:not(.quiz-map-locked) .quiz-map-choice { cursor: pointer; }
.quiz-map-svg:not(.quiz-map-locked) .quiz-map-choice:hover path,
.quiz-map-svg:not(.quiz-map-locked) .quiz-map-choice:hover circle { stroke: #000; stroke-width: 2; }
.quiz-map-svg .quiz-map-chosen path, .quiz-map-svg .quiz-map-chosen circle { stroke: #000; stroke-width: 2.5; }
.quiz-map-svg .quiz-map-note { pointer-events: none; }`;

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
        if (model.get("disabled")) return;  // handed in: the answer shown is the one handed in
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
    const foot = height - 4 - 14 * lines.length;
    const footer = add(svg, "g", { class: "quiz-map-note" });
    add(footer, "rect", { x: 0, y: foot - 4, width, height: height - foot + 4, fill: "rgba(255,255,255,0.8)" });
    const note = add(footer, "text", { x: 4, y: foot, "font-size": 12, fill: "#333333", "font-family": "sans-serif" });
    lines.forEach((line, n) => {
      add(note, "tspan", { x: 4, dy: n ? 14 : 10 }).textContent = line;
    });
    // The picked country is orange and outlined in black: sky blue and orange alone differ too little.
    const paint = () => {
      const picked = model.get("value");
      for (const [code, [group, role]] of groups) {
        group.setAttribute("fill", code === picked ? colours.chosen : colours[role]);
        group.classList.toggle("quiz-map-chosen", code === picked);
        if (code === picked) svg.appendChild(group);  // drawn last, so its outline is whole
      }
      svg.appendChild(footer);
      svg.classList.toggle("quiz-map-locked", model.get("disabled"));
    };
    paint();
    model.on("change:value", paint);
    model.on("change:disabled", paint);
    return () => {
      model.off("change:value", paint);
      model.off("change:disabled", paint);
    };
  },
};
