// The rich-text editor (django-prose-editor) in French: the one place its labels are translated.
// Its dialogs ask `window.gettext` (read once, when the editor's module loads: this classic
// script runs before any module); its toolbar buttons and menus carry English titles,
// rewritten as soon as they appear. No inline script: the page's CSP allows only files.
(function () {
  "use strict";

  const FR = {
    // Toolbar (titles and aria-labels)
    bold: "Gras",
    italic: "Italique",
    underline: "Souligné",
    strike: "Barré",
    subscript: "Indice",
    superscript: "Exposant",
    paragraph: "Paragraphe",
    Paragraph: "Paragraphe",
    blockquote: "Citation",
    "horizontal rule": "Ligne de séparation",
    "unordered list": "Liste à puces",
    "ordered list": "Liste numérotée",
    "insert link": "Insérer un lien",
    "remove link": "Retirer le lien",
    undo: "Annuler",
    redo: "Rétablir",
    "edit HTML": "Modifier le HTML",
    figure: "Figure",
    Code: "Code",
    "Code block": "Bloc de code",
    "Reset all classes": "Retirer tous les styles",
    "Insert table": "Insérer un tableau",
    "Add column": "Ajouter une colonne",
    "Delete column": "Supprimer la colonne",
    "Add row": "Ajouter une ligne",
    "Delete row": "Supprimer la ligne",
    "Merge cells": "Fusionner les cellules",
    "Split cell": "Scinder la cellule",
    "Toggle header cell": "Cellule d'en-tête oui/non",
    "Delete table": "Supprimer le tableau",
    // Dialogs (through gettext)
    "Add caption": "Ajouter une légende",
    "Alternative Text": "Texte de remplacement",
    "Browse...": "Parcourir…",
    Bullets: "Puces",
    Cancel: "Annuler",
    Caption: "Légende",
    Columns: "Colonnes",
    "Decimal numbers": "Chiffres (1, 2, 3…)",
    "Edit Figure": "Modifier la figure",
    "Edit HTML": "Modifier le HTML",
    "Edit Image": "Modifier l'image",
    "Edit Link": "Modifier le lien",
    "Image URL": "Adresse de l'image",
    "Include header row": "Avec une ligne d'en-tête",
    "Insert Figure": "Insérer une figure",
    "Insert Table": "Insérer un tableau",
    Insert: "Insérer",
    "List properties": "Propriétés de la liste",
    "List type": "Type de liste",
    "Lowercase Roman numerals": "Chiffres romains minuscules",
    "Lowercase letters": "Lettres minuscules",
    "Open in new window": "Ouvrir dans une nouvelle fenêtre",
    Prettify: "Mettre en forme",
    "Remove caption": "Retirer la légende",
    Rows: "Lignes",
    "Start at": "Commencer à",
    "Table Properties": "Propriétés du tableau",
    Title: "Titre",
    "Toggle fullscreen": "Plein écran",
    URL: "Adresse (URL)",
    Update: "Mettre à jour",
    "Uppercase Roman numerals": "Chiffres romains majuscules",
    "Uppercase letters": "Lettres majuscules",
  };

  function translate(text) {
    if (Object.prototype.hasOwnProperty.call(FR, text)) {
      return FR[text];
    }
    const heading = /^heading (\d)$/i.exec(text);
    return heading ? "Titre de niveau " + heading[1] : text;
  }

  const djangoGettext = window.gettext;
  window.gettext = function (text) {
    const french = translate(text);
    if (french !== text || typeof djangoGettext !== "function") {
      return french;
    }
    return djangoGettext(text);
  };

  const ATTRIBUTES = ["title", "aria-label"];

  function translateElement(element) {
    ATTRIBUTES.forEach(function (name) {
      const value = element.getAttribute(name);
      if (value) {
        const french = translate(value);
        if (french !== value) {
          element.setAttribute(name, french);
        }
      }
    });
    // Menu entries written as text (« Heading 2 », « Paragraph ») — never an icon's name.
    if (!element.classList.contains("material-icons") && element.children.length === 0) {
      const text = element.textContent;
      const french = translate(text);
      if (text && french !== text) {
        element.textContent = french;
      }
    }
  }

  // The toolbar and its menus only: never the text being written.
  const MENU = '[class*="prose-menubar"]';

  function translateTree(root) {
    if (root.closest && root.closest(MENU)) {
      translateElement(root);
      root.querySelectorAll("*").forEach(translateElement);
    } else if (root.querySelectorAll) {
      root.querySelectorAll(MENU).forEach(function (menu) {
        translateElement(menu);
        menu.querySelectorAll("*").forEach(translateElement);
      });
    }
  }

  const observer = new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.type === "attributes") {
        translateTree(mutation.target);
      }
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          translateTree(node);
        }
      });
    });
  });
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
})();
