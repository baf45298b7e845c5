import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { defineElement } from './define.js';

describe('defineElement', () => {
  it('defines once, and warns instead of throwing when a tag is taken by another class', () => {
    class First extends LitElement {}
    class Second extends LitElement {}
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      defineElement('rtc-test-define', First);
      defineElement('rtc-test-define', First);
      expect(warnings).to.have.length(0);
      expect(() => defineElement('rtc-test-define', Second)).to.not.throw();
      expect(customElements.get('rtc-test-define')).to.equal(First);
      expect(String(warnings[0]?.[0])).to.contain('duplicate-define');
    } finally {
      console.warn = original;
    }
  });

  it('defines declared dependencies first', () => {
    class Dep extends LitElement {}
    class Main extends LitElement {
      static dependencies = { 'rtc-test-dep': Dep };
    }
    defineElement('rtc-test-main', Main);
    expect(customElements.get('rtc-test-dep')).to.equal(Dep);
  });
});
