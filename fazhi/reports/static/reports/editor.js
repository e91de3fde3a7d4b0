/* The annual report's part editor: Trix (vendor/trix) over the plain-text field.
 *
 * Without JavaScript the textarea “text” is the form field. Here the textarea is disabled and
 * hidden, a Trix editor edits the HTML the server prepared (fazhi.reports.richtext.to_editor_html),
 * and that HTML is posted as “html”; the server turns it back into the stored text. Figures are
 * content attachments (chips) inserted from the picker; they carry their placeholder and cannot be
 * edited, only moved or deleted. Files cannot be attached.
 */
(function () {
  "use strict";

  const CONTENT_TYPE = "application/vnd.fazhi.figure";

  function button(label, attrs, title) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "editor-button";
    b.textContent = label;
    b.title = title || label;
    b.tabIndex = -1;
    for (const [k, v] of Object.entries(attrs)) b.setAttribute(k, v);
    return b;
  }

  function toolbar(id) {
    const bar = document.createElement("trix-toolbar");
    bar.id = id;
    const row = document.createElement("div");
    row.className = "editor-toolbar";
    row.setAttribute("role", "toolbar");
    row.setAttribute("aria-label", "编辑工具");
    row.append(
      button("小标题", { "data-trix-attribute": "heading1" }, "排为二级标题（一）（二）……，编号自动生成"),
      button("项目列表", { "data-trix-attribute": "bullet" }, "项目列表（每项一行，以“- ”开头）"),
      button("编号列表", { "data-trix-attribute": "number" }, "编号列表（1. 2. 3. ……）"),
      button("减少缩进", { "data-trix-action": "decreaseNestingLevel" }, "减少缩进（退出列表）"),
      button("插入数据", { "data-editor-action": "insert-figure" }, "从右侧“可引用的数据”中选择要插入的数据"),
      button("撤销", { "data-trix-action": "undo", "data-trix-key": "z" }),
      button("重做", { "data-trix-action": "redo", "data-trix-key": "shift+z" })
    );
    bar.append(row);
    return bar;
  }

  function setUp() {
    const textarea = document.querySelector("#part-form textarea[name=text]");
    const input = document.getElementById("editor-html");
    if (!textarea || !input || !window.Trix || !window.customElements) return;
    const lang = window.Trix.config.lang;
    Object.assign(lang, {
      remove: "删除", captionPlaceholder: "添加说明…", heading1: "小标题", bullets: "项目列表",
      numbers: "编号列表", undo: "撤销", redo: "重做", outdent: "减少缩进", indent: "增加缩进",
    });

    const field = textarea.closest(".field");
    input.name = "html";
    input.disabled = false;
    textarea.disabled = true;
    textarea.hidden = true;
    field.querySelectorAll(".help").forEach(el => { el.hidden = true; });
    document.querySelectorAll(".editor-hint").forEach(el => { el.hidden = false; });

    const bar = toolbar("editor-toolbar");
    const editor = document.createElement("trix-editor");
    editor.id = "part-editor";
    editor.setAttribute("input", "editor-html");
    editor.setAttribute("toolbar", "editor-toolbar");
    editor.setAttribute("aria-label", textarea.labels[0] ? textarea.labels[0].textContent : "正文");
    editor.className = "report-editor narrative";
    const label = field.querySelector("label");
    if (label) label.setAttribute("for", "part-editor");
    textarea.after(bar, editor);

    editor.addEventListener("trix-file-accept", e => e.preventDefault()); // no pictures or files
    bar.querySelector("[data-editor-action=insert-figure]").addEventListener("click", () => {
      const search = document.getElementById("figure-search");
      search.focus();
      search.select();
    });

    setUpPicker(editor);
  }

  function setUpPicker(editor) {
    const search = document.getElementById("figure-search");
    const items = Array.from(document.querySelectorAll("#figure-list .picker-item"));
    const none = document.getElementById("figure-none");
    search.closest("label").hidden = false;
    search.addEventListener("input", () => {
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const item of items) {
        const hay = item.dataset.search.toLowerCase();
        const match = words.every(w => hay.includes(w));
        item.hidden = !match;
        if (match) shown++;
      }
      none.hidden = shown > 0;
    });
    document.querySelectorAll(".picker-insert").forEach(b => {
      b.hidden = false;
      b.addEventListener("click", () => {
        const attachment = new window.Trix.Attachment({
          content: b.dataset.content,
          contentType: CONTENT_TYPE,
          placeholder: b.dataset.placeholder,
        });
        editor.editor.insertAttachment(attachment);
        editor.focus();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
