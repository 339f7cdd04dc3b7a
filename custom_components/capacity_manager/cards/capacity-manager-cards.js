var ve=globalThis,_e=ve.ShadowRoot&&(ve.ShadyCSS===void 0||ve.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,Pe=Symbol(),at=new WeakMap,te=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==Pe)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(_e&&e===void 0){let r=t!==void 0&&t.length===1;r&&(e=at.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),r&&at.set(t,e))}return e}toString(){return this.cssText}},ot=i=>new te(typeof i=="string"?i:i+"",void 0,Pe),b=(i,...e)=>{let t=i.length===1?i[0]:e.reduce((r,n,a)=>r+(s=>{if(s._$cssResult$===!0)return s.cssText;if(typeof s=="number")return s;throw Error("Value passed to 'css' function must be a 'css' function result: "+s+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(n)+i[a+1],i[0]);return new te(t,i,Pe)},lt=(i,e)=>{if(_e)i.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let r=document.createElement("style"),n=ve.litNonce;n!==void 0&&r.setAttribute("nonce",n),r.textContent=t.cssText,i.appendChild(r)}},Re=_e?i=>i:i=>i instanceof CSSStyleSheet?(e=>{let t="";for(let r of e.cssRules)t+=r.cssText;return ot(t)})(i):i;var{is:Ni,defineProperty:Oi,getOwnPropertyDescriptor:Hi,getOwnPropertyNames:Wi,getOwnPropertySymbols:Vi,getPrototypeOf:ji}=Object,we=globalThis,dt=we.trustedTypes,Fi=dt?dt.emptyScript:"",Ui=we.reactiveElementPolyfillSupport,ie=(i,e)=>i,Ie={toAttribute(i,e){switch(e){case Boolean:i=i?Fi:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,e){let t=i;switch(e){case Boolean:t=i!==null;break;case Number:t=i===null?null:Number(i);break;case Object:case Array:try{t=JSON.parse(i)}catch{t=null}}return t}},mt=(i,e)=>!Ni(i,e),ut={attribute:!0,type:String,converter:Ie,reflect:!1,useDefault:!1,hasChanged:mt};Symbol.metadata??=Symbol("metadata"),we.litPropertyMetadata??=new WeakMap;var C=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=ut){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let r=Symbol(),n=this.getPropertyDescriptor(e,r,t);n!==void 0&&Oi(this.prototype,e,n)}}static getPropertyDescriptor(e,t,r){let{get:n,set:a}=Hi(this.prototype,e)??{get(){return this[t]},set(s){this[t]=s}};return{get:n,set(s){let o=n?.call(this);a?.call(this,s),this.requestUpdate(e,o,r)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??ut}static _$Ei(){if(this.hasOwnProperty(ie("elementProperties")))return;let e=ji(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(ie("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(ie("properties"))){let t=this.properties,r=[...Wi(t),...Vi(t)];for(let n of r)this.createProperty(n,t[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[r,n]of t)this.elementProperties.set(r,n)}this._$Eh=new Map;for(let[t,r]of this.elementProperties){let n=this._$Eu(t,r);n!==void 0&&this._$Eh.set(n,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let r=new Set(e.flat(1/0).reverse());for(let n of r)t.unshift(Re(n))}else e!==void 0&&t.push(Re(e));return t}static _$Eu(e,t){let r=t.attribute;return r===!1?void 0:typeof r=="string"?r:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let r of t.keys())this.hasOwnProperty(r)&&(e.set(r,this[r]),delete this[r]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return lt(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,r){this._$AK(e,r)}_$ET(e,t){let r=this.constructor.elementProperties.get(e),n=this.constructor._$Eu(e,r);if(n!==void 0&&r.reflect===!0){let a=(r.converter?.toAttribute!==void 0?r.converter:Ie).toAttribute(t,r.type);this._$Em=e,a==null?this.removeAttribute(n):this.setAttribute(n,a),this._$Em=null}}_$AK(e,t){let r=this.constructor,n=r._$Eh.get(e);if(n!==void 0&&this._$Em!==n){let a=r.getPropertyOptions(n),s=typeof a.converter=="function"?{fromAttribute:a.converter}:a.converter?.fromAttribute!==void 0?a.converter:Ie;this._$Em=n;let o=s.fromAttribute(t,a.type);this[n]=o??this._$Ej?.get(n)??o,this._$Em=null}}requestUpdate(e,t,r,n=!1,a){if(e!==void 0){let s=this.constructor;if(n===!1&&(a=this[e]),r??=s.getPropertyOptions(e),!((r.hasChanged??mt)(a,t)||r.useDefault&&r.reflect&&a===this._$Ej?.get(e)&&!this.hasAttribute(s._$Eu(e,r))))return;this.C(e,t,r)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:r,reflect:n,wrapped:a},s){r&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,s??t??this[e]),a!==!0||s!==void 0)||(this._$AL.has(e)||(this.hasUpdated||r||(t=void 0),this._$AL.set(e,t)),n===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[n,a]of this._$Ep)this[n]=a;this._$Ep=void 0}let r=this.constructor.elementProperties;if(r.size>0)for(let[n,a]of r){let{wrapped:s}=a,o=this[n];s!==!0||this._$AL.has(n)||o===void 0||this.C(n,void 0,a,o)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(r=>r.hostUpdate?.()),this.update(t)):this._$EM()}catch(r){throw e=!1,this._$EM(),r}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};C.elementStyles=[],C.shadowRootOptions={mode:"open"},C[ie("elementProperties")]=new Map,C[ie("finalized")]=new Map,Ui?.({ReactiveElement:C}),(we.reactiveElementVersions??=[]).push("2.1.2");var je=globalThis,ct=i=>i,be=je.trustedTypes,pt=be?be.createPolicy("lit-html",{createHTML:i=>i}):void 0,wt="$lit$",L=`lit$${Math.random().toFixed(9).slice(2)}$`,bt="?"+L,Ki=`<${bt}>`,N=document,ne=()=>N.createComment(""),se=i=>i===null||typeof i!="object"&&typeof i!="function",Fe=Array.isArray,Gi=i=>Fe(i)||typeof i?.[Symbol.iterator]=="function",De=`[ 	
\f\r]`,re=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ht=/-->/g,ft=/>/g,I=RegExp(`>|${De}(?:([^\\s"'>=/]+)(${De}*=${De}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),gt=/'/g,vt=/"/g,yt=/^(?:script|style|textarea|title)$/i,Ue=i=>(e,...t)=>({_$litType$:i,strings:e,values:t}),u=Ue(1),le=Ue(2),Dr=Ue(3),O=Symbol.for("lit-noChange"),c=Symbol.for("lit-nothing"),_t=new WeakMap,D=N.createTreeWalker(N,129);function xt(i,e){if(!Fe(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return pt!==void 0?pt.createHTML(e):e}var Bi=(i,e)=>{let t=i.length-1,r=[],n,a=e===2?"<svg>":e===3?"<math>":"",s=re;for(let o=0;o<t;o++){let l=i[o],m,p,d=-1,f=0;for(;f<l.length&&(s.lastIndex=f,p=s.exec(l),p!==null);)f=s.lastIndex,s===re?p[1]==="!--"?s=ht:p[1]!==void 0?s=ft:p[2]!==void 0?(yt.test(p[2])&&(n=RegExp("</"+p[2],"g")),s=I):p[3]!==void 0&&(s=I):s===I?p[0]===">"?(s=n??re,d=-1):p[1]===void 0?d=-2:(d=s.lastIndex-p[2].length,m=p[1],s=p[3]===void 0?I:p[3]==='"'?vt:gt):s===vt||s===gt?s=I:s===ht||s===ft?s=re:(s=I,n=void 0);let h=s===I&&i[o+1].startsWith("/>")?" ":"";a+=s===re?l+Ki:d>=0?(r.push(m),l.slice(0,d)+wt+l.slice(d)+L+h):l+L+(d===-2?o:h)}return[xt(i,a+(i[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),r]},ae=class i{constructor({strings:e,_$litType$:t},r){let n;this.parts=[];let a=0,s=0,o=e.length-1,l=this.parts,[m,p]=Bi(e,t);if(this.el=i.createElement(m,r),D.currentNode=this.el.content,t===2||t===3){let d=this.el.content.firstChild;d.replaceWith(...d.childNodes)}for(;(n=D.nextNode())!==null&&l.length<o;){if(n.nodeType===1){if(n.hasAttributes())for(let d of n.getAttributeNames())if(d.endsWith(wt)){let f=p[s++],h=n.getAttribute(d).split(L),w=/([.?@])?(.*)/.exec(f);l.push({type:1,index:a,name:w[2],strings:h,ctor:w[1]==="."?Oe:w[1]==="?"?He:w[1]==="@"?We:U}),n.removeAttribute(d)}else d.startsWith(L)&&(l.push({type:6,index:a}),n.removeAttribute(d));if(yt.test(n.tagName)){let d=n.textContent.split(L),f=d.length-1;if(f>0){n.textContent=be?be.emptyScript:"";for(let h=0;h<f;h++)n.append(d[h],ne()),D.nextNode(),l.push({type:2,index:++a});n.append(d[f],ne())}}}else if(n.nodeType===8)if(n.data===bt)l.push({type:2,index:a});else{let d=-1;for(;(d=n.data.indexOf(L,d+1))!==-1;)l.push({type:7,index:a}),d+=L.length-1}a++}}static createElement(e,t){let r=N.createElement("template");return r.innerHTML=e,r}};function F(i,e,t=i,r){if(e===O)return e;let n=r!==void 0?t._$Co?.[r]:t._$Cl,a=se(e)?void 0:e._$litDirective$;return n?.constructor!==a&&(n?._$AO?.(!1),a===void 0?n=void 0:(n=new a(i),n._$AT(i,t,r)),r!==void 0?(t._$Co??=[])[r]=n:t._$Cl=n),n!==void 0&&(e=F(i,n._$AS(i,e.values),n,r)),e}var Ne=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:r}=this._$AD,n=(e?.creationScope??N).importNode(t,!0);D.currentNode=n;let a=D.nextNode(),s=0,o=0,l=r[0];for(;l!==void 0;){if(s===l.index){let m;l.type===2?m=new oe(a,a.nextSibling,this,e):l.type===1?m=new l.ctor(a,l.name,l.strings,this,e):l.type===6&&(m=new Ve(a,this,e)),this._$AV.push(m),l=r[++o]}s!==l?.index&&(a=D.nextNode(),s++)}return D.currentNode=N,n}p(e){let t=0;for(let r of this._$AV)r!==void 0&&(r.strings!==void 0?(r._$AI(e,r,t),t+=r.strings.length-2):r._$AI(e[t])),t++}},oe=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,r,n){this.type=2,this._$AH=c,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=r,this.options=n,this._$Cv=n?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=F(this,e,t),se(e)?e===c||e==null||e===""?(this._$AH!==c&&this._$AR(),this._$AH=c):e!==this._$AH&&e!==O&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):Gi(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==c&&se(this._$AH)?this._$AA.nextSibling.data=e:this.T(N.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:r}=e,n=typeof r=="number"?this._$AC(e):(r.el===void 0&&(r.el=ae.createElement(xt(r.h,r.h[0]),this.options)),r);if(this._$AH?._$AD===n)this._$AH.p(t);else{let a=new Ne(n,this),s=a.u(this.options);a.p(t),this.T(s),this._$AH=a}}_$AC(e){let t=_t.get(e.strings);return t===void 0&&_t.set(e.strings,t=new ae(e)),t}k(e){Fe(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,r,n=0;for(let a of e)n===t.length?t.push(r=new i(this.O(ne()),this.O(ne()),this,this.options)):r=t[n],r._$AI(a),n++;n<t.length&&(this._$AR(r&&r._$AB.nextSibling,n),t.length=n)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let r=ct(e).nextSibling;ct(e).remove(),e=r}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},U=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,r,n,a){this.type=1,this._$AH=c,this._$AN=void 0,this.element=e,this.name=t,this._$AM=n,this.options=a,r.length>2||r[0]!==""||r[1]!==""?(this._$AH=Array(r.length-1).fill(new String),this.strings=r):this._$AH=c}_$AI(e,t=this,r,n){let a=this.strings,s=!1;if(a===void 0)e=F(this,e,t,0),s=!se(e)||e!==this._$AH&&e!==O,s&&(this._$AH=e);else{let o=e,l,m;for(e=a[0],l=0;l<a.length-1;l++)m=F(this,o[r+l],t,l),m===O&&(m=this._$AH[l]),s||=!se(m)||m!==this._$AH[l],m===c?e=c:e!==c&&(e+=(m??"")+a[l+1]),this._$AH[l]=m}s&&!n&&this.j(e)}j(e){e===c?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},Oe=class extends U{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===c?void 0:e}},He=class extends U{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==c)}},We=class extends U{constructor(e,t,r,n,a){super(e,t,r,n,a),this.type=5}_$AI(e,t=this){if((e=F(this,e,t,0)??c)===O)return;let r=this._$AH,n=e===c&&r!==c||e.capture!==r.capture||e.once!==r.once||e.passive!==r.passive,a=e!==c&&(r===c||n);n&&this.element.removeEventListener(this.name,this,r),a&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Ve=class{constructor(e,t,r){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=r}get _$AU(){return this._$AM._$AU}_$AI(e){F(this,e)}};var Zi=je.litHtmlPolyfillSupport;Zi?.(ae,oe),(je.litHtmlVersions??=[]).push("3.3.3");var $t=(i,e,t)=>{let r=t?.renderBefore??e,n=r._$litPart$;if(n===void 0){let a=t?.renderBefore??null;r._$litPart$=n=new oe(e.insertBefore(ne(),a),a,void 0,t??{})}return n._$AI(i),n};var Ke=globalThis,x=class extends C{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=$t(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return O}};x._$litElement$=!0,x.finalized=!0,Ke.litElementHydrateSupport?.({LitElement:x});var qi=Ke.litElementPolyfillSupport;qi?.({LitElement:x});(Ke.litElementVersions??=[]).push("4.2.2");var G="capacity_manager",kt={site_power:"sensor",effective_limit:"sensor",headroom:"sensor",status:"sensor",loads_shed:"sensor",curtailed_energy:"sensor",last_action:"sensor",overload:"binary_sensor",mode:"select",limit_override:"number",restore_all:"button",grid_export_limit:"sensor"},Yi={load_status:"sensor",managed:"switch",priority:"number"};function Ji(i){return i.slice(0,i.indexOf("."))}function At(i){return Object.values(i.entities??{}).filter(e=>e.platform===G)}function Ge(i,e){let t=i.translation_key;return!t||!(t in e)?null:e[t]===Ji(i.entity_id)?t:null}function de(i){return i?.name_by_user||i?.name||null}function St(i,e){let t=i.devices??{};if(e.device_id)return e.device_id in t?e.device_id:null;let r=At(i).filter(n=>{let a=Ge(n,kt);return(a==="site_power"||a==="mode")&&n.device_id}).map(n=>n.device_id).filter(n=>{let a=t[n];return a?!e.entry_id||(a.config_entries??[]).includes(e.entry_id):!1});return r.length?[...new Set(r)].sort()[0]:null}function Xi(i,e){let t=St(i,e);if(!t)return null;let r=i.devices??{},n={},a=new Map;for(let o of At(i).sort((l,m)=>l.entity_id.localeCompare(m.entity_id))){let l=o.device_id??null;if(!l)continue;if(l===t){let d=Ge(o,kt);d&&!n[d]&&(n[d]=o.entity_id);continue}if(r[l]?.via_device_id!==t)continue;let m=Ge(o,Yi);if(!m)continue;let p=a.get(l);p||(p={deviceId:l,name:de(r[l])??o.entity_id,entities:{}},a.set(l,p)),p.entities[m]??=o.entity_id}let s=[...a.values()].filter(o=>o.entities.load_status);return{panelDeviceId:t,site:n,loads:s}}function ye(i){if(!i)return{};let e=St(i,{}),t=e?i.devices[e]?.config_entries?.[0]:void 0;return t?{entry_id:t}:{}}var K=class{constructor(){this._key=[];this._found=null}get(e,t){if(!e||!t)return null;let r=[e.entities,e.devices,t];return r.some((n,a)=>n!==this._key[a])&&(this._found=Xi(e,t),this._key=r),this._found}};function H(i,e){try{return new Intl.NumberFormat(i,{minimumFractionDigits:e,maximumFractionDigits:e})}catch{return new Intl.NumberFormat("en",{minimumFractionDigits:e,maximumFractionDigits:e})}}function _(i,e){return i==null||!Number.isFinite(i)?"—":Math.abs(i)>=1e3?`${H(e,1).format(i/1e3)} kW`:`${H(e,0).format(Math.round(i))} W`}function Tt(i,e,t){if(e==="W")return _(i,t);if(e==="kW")return _(i*1e3,t);let r=Number.isInteger(i)?0:1;return`${H(t,r).format(i)}${e?` ${e}`:""}`}function B(i,e){return`${H(e,i>=100?0:1).format(i)} A`}function Ct(i,e){let t=i/1e3;return`${H(e,Number.isInteger(t)?0:1).format(t)} kW`}function k(i,e,t=0){return H(e,t).format(i)}function xe(i,e){return`${H(e,Math.abs(i)<10?2:1).format(i)} kWh`}function Lt(i,e,t){let r=new Date(i);if(Number.isNaN(r.getTime()))return i;let n={dateStyle:"medium",timeStyle:"short"};for(let a of[t,void 0])try{return new Intl.DateTimeFormat(e,{...n,timeZone:a}).format(r)}catch{}return r.toISOString()}function ue(i){let e=i.locale?.time_format;return{timeZone:i.locale?.time_zone==="server"?i.config?.time_zone:void 0,hour12:e==="12"?!0:e==="24"?!1:void 0}}function Be(i,e,t){for(let[r,n]of[[i,t],["en",t],[i,void 0],["en",void 0]])try{return new Intl.DateTimeFormat(r,{...e,timeZone:n})}catch{}return new Intl.DateTimeFormat(void 0,e)}function Et(i,e){let t=Be("en-US",{year:"numeric",month:"numeric",day:"numeric"},e).formatToParts(i),r=n=>Number(t.find(a=>a.type===n)?.value);return Date.UTC(r("year"),r("month")-1,r("day"))/864e5}function zt(i,e,t={},r=new Date){let n=new Date(i);if(Number.isNaN(n.getTime()))return null;let s={hour:"2-digit",minute:"2-digit",...t.hour12===!0?{hour12:!0}:t.hour12===!1?{hourCycle:"h23"}:{}},o=Et(n,t.timeZone)-Et(r,t.timeZone);if(o===0||o===1){let l=Be(e,s,t.timeZone).format(n);if(o===0)return l;try{return`${new Intl.RelativeTimeFormat(e,{numeric:"auto"}).format(1,"day")} ${l}`}catch{}}return Be(e,{weekday:"short",day:"numeric",month:"short",...s},t.timeZone).format(n)}var Qi=["active","monitor","off"],er=new Set(["unavailable","unknown","","none"]);function $e(i){return i!==void 0&&!er.has(i.state)}function g(i){if(i==null||i===""||typeof i=="boolean")return null;let e=typeof i=="number"?i:Number(i);return Number.isFinite(e)?e:null}function Z(i){if(!$e(i))return null;let e=g(i.state);return e===null?null:e*Ze(i)}function Ze(i){let e=String(i?.attributes.unit_of_measurement??"W");return e==="kW"?1e3:e==="MW"?1e6:1}function Mt(i){if(!Array.isArray(i))return[];let e=i.map(g);return e.every(t=>t!==null)?e:[]}function tr(i,e){if(!i)return[];let t=Mt(i.attributes.phase_currents_a),r=g(e?.attributes.phase_limit_a);return t.map((n,a)=>({index:a+1,currentA:n,limitA:r}))}function ir(i,e,t,r){return i===null||e===null?"unknown":i>(t??e)?"over":i>(r??e*.85)?"near":"ok"}function rr(i,e,t,r){let n=i.states[e],a=n?.attributes??{},s=g(a.priority)??g(r?i.states[r]?.state:null),o=n?.state??"unavailable";return{entityId:e,name:t,priority:s===null?null:Math.round(s),status:o==="unknown"?"unavailable":o,powerW:g(a.power_w),setpoint:g(a.setpoint),setpointUnit:typeof a.setpoint_unit=="string"?a.setpoint_unit:null,reason:typeof a.reason=="string"&&a.reason?a.reason:null,plan:nr(a)}}function nr(i){let e=i.departure;return typeof e!="string"||Number.isNaN(Date.parse(e))?null:{departure:e,energyToGoKwh:g(i.energy_to_go_kwh),atRisk:i.plan_at_risk===!0}}var sr=.05;function Pt(i,e,t,r={},n){let a=zt(i.departure,e,r,n)??i.departure,s=i.energyToGoKwh;return s===null?t("plan.leaves",{time:a}):s<sr?t("plan.leaves_charged",{time:a}):t("plan.leaves_to_go",{time:a,energy:`${k(s,e,1)} kWh`})}function ar(i){return[...i].sort((e,t)=>{let r=e.priority??Number.POSITIVE_INFINITY,n=t.priority??Number.POSITIVE_INFINITY;return r-n||e.name.localeCompare(t.name)})}function Rt(i,e){let t=T=>T?i.states[T]:void 0,r=t(e.site.site_power),n=t(e.site.effective_limit),a=Z(r),s=Z(n),o=n?.attributes??{},l=g(o.shed_threshold_w),m=g(o.target_w),p=g(o.restore_threshold_w),d=Z(t(e.site.headroom)),f=t(e.site.mode),h=f?.attributes.options,w=t(e.site.restore_all),A=t(e.site.status),j=g(o.export_limit_w)??Z(t(e.site.grid_export_limit)),y=e.loads.map(T=>rr(i,T.entities.load_status,T.name,T.entities.priority));return{powerW:a,limitW:s,limitSource:typeof o.limit_source=="string"?o.limit_source:null,headroomW:d??(a!==null&&s!==null?s-a:null),shedW:l,targetW:m,restoreW:p,zone:ir(a,s,l,p),flow:or(a),exportLimitW:j===null?null:Math.abs(j),status:$e(A)?A.state:null,mode:$e(f)?f.state:null,modeEntity:e.site.mode??null,modeOptions:Array.isArray(h)&&h.length?h.map(String):Qi,modeAvailable:$e(f),restoreEntity:e.site.restore_all??null,restoreAvailable:w!==void 0&&w.state!=="unavailable",phases:tr(r,n),loads:ar(y)}}function It(i,e){let t=e.site.effective_limit?i.states[e.site.effective_limit]:void 0,r=e.site.site_power?i.states[e.site.site_power]:void 0,n=g(t?.attributes.voltage_v),a=g(t?.attributes.phases)??(Mt(r?.attributes.phase_currents_a).length||1);return n!==null&&n>0&&a>0?{volts:n*a,assumed:!1}:{volts:230*a,assumed:!0}}function or(i){return i===null||i===0?null:i>0?"import":"export"}function Dt(i){return i.powerW===null||i.exportLimitW===null||i.powerW>=0?0:Math.max(0,-i.powerW-i.exportLimitW)}function Nt(i){return i.loads.length?i.loads.some(e=>e.status==="shed"||e.status==="modulated"):!0}function Ot(i){let e=Math.max((i.limitW??0)*1.15,(i.shedW??0)*1.05,(i.powerW??0)*1.05,1e3),t=e>2e4?5e3:e>5e3?1e3:500;return Math.ceil(e/t)*t}function me(i,e){return i===null||e<=0?null:Math.min(100,Math.max(0,i/e*100))}function Ht(i,e){return i.flow?u`<span class="flow flow-${i.flow}" data-value="flow" data-flow=${i.flow}
    >${e(i.flow==="export"?"site.exporting":"site.importing")}</span
  >`:c}function Wt(i,e,t){return i.exportLimitW===null?c:u`<span class="legend-item" data-value="export-limit"
    ><i class="key key-export"></i>${t("site.export_limit",{value:_(i.exportLimitW,e)})}</span
  >`}function Vt(i,e,t){let r=Dt(i);return r<=0?c:u`<span class="headroom over" data-value="export-over"
    >${t("site.export_over",{value:_(r,e)})}</span
  >`}var jt=b`
  .flow {
    font-size: 12px;
    padding: 1px 8px;
    border-radius: 999px;
    white-space: nowrap;
    color: var(--cm-muted-text);
    background: var(--cm-track);
  }
  .flow-export {
    color: var(--cm-ok-text);
    background: color-mix(in srgb, var(--cm-ok) 14%, transparent);
  }
  .flow-import::before {
    content: "↓ ";
  }
  .flow-export::before {
    content: "↑ ";
  }
  .key-export {
    background: var(--cm-info);
  }
`;var Ft={"card.name":"Capacity Manager","card.description":"Hausleistung gegenüber dem Limit, Prioritätenliste, Modus und alles zurückgeben.","timeline.name":"Capacity Manager Verlauf","timeline.description":"Die letzten Stunden Hausleistung gegenüber dem Limit, mit Abwurf- und Rückgabe-Ereignissen.","site.power":"Hausleistung","site.of_limit":"von {limit} Limit","site.no_limit":"kein Limit bekannt","site.headroom":"{value} Reserve","site.over":"{value} über dem Limit","site.unavailable":"Hausleistung nicht verfügbar","site.importing":"Bezug","site.exporting":"Einspeisung","site.export_limit":"Einspeiselimit {value}","site.export_over":"{value} über dem Einspeiselimit","source.panel":"Hauptsicherung","source.continuous":"Dauerlast-Grenze 80 %","source.grid":"Netzvorgabe","source.override":"manuelle Vorgabe","source.window":"Tarif-Zeitfenster","mark.limit":"Limit","mark.shed":"Abwurf über","mark.target":"Abwurf bis","mark.restore":"Rückgabe unter","status.normal":"Normal","status.shedding":"Lastabwurf","status.restoring":"Rückgabe","status.limiting_export":"Einspeisung begrenzt","status.failsafe":"Notbetrieb","status.monitor":"Beobachten","status.off":"Aus","status.unknown":"Unbekannt","phases.title":"Phasen","phases.label":"L{n}","loads.title":"Prioritätenliste","loads.hint":"Abwurf von unten nach oben","loads.none":"Noch keine steuerbaren Verbraucher. In den Einstellungen der Integration hinzufügen.","loads.priority":"Priorität {n}","load.on":"An","load.shed":"Abgeworfen","load.modulated":"Gedrosselt auf {value}","load.modulated_plain":"Gedrosselt","load.override":"Manuell übersteuert","load.unavailable":"Nicht verfügbar","load.never_shed":"Nie abwerfen","load.off":"Aus","load.unknown":"Unbekannt","plan.leaves":"Abfahrt {time}","plan.leaves_to_go":"Abfahrt {time} · noch {energy}","plan.leaves_charged":"Abfahrt {time} · geladen","plan.at_risk":"Plan gefährdet","plan.at_risk_hint":"So bekäme das Auto seine Energie nicht bis zur Abfahrt: Es lädt jetzt vor weniger wichtigen Verbrauchern.","reason.over_limit":"über dem Limit","reason.continuous_limit":"Dauerlast-Grenze 80 %","reason.phase_limit":"Phasenstrom-Grenze","reason.window_limit":"gleitender Mittelwert","reason.headroom":"wieder Reserve","reason.max_off_time":"maximale Aus-Zeit","reason.export_limit":"Einspeisegrenze","reason.export_absorb":"nutzt Einspeiseüberschuss","reason.export_curtail":"Einspeisung begrenzt","reason.export_release":"Einspeisung wieder unter der Grenze","reason.priority":"für eine wichtigere Last","reason.reserve":"auf Reserve begrenzt","reason.failsafe":"Notbetrieb: Hausleistung unbekannt","reason.manual":"manuell","reason.mode_change":"Moduswechsel","mode.title":"Modus","mode.active":"Aktiv","mode.monitor":"Beobachten","mode.off":"Aus","action.restore_all":"Alle zurückgeben","action.restore_all_hint":"Alle von Capacity Manager gehaltenen Verbraucher zurückgeben","error.not_found":"Kein Capacity Manager gefunden. Im Karten-Editor auswählen.","error.no_entities":"Die Entitäten von Capacity Manager sind noch nicht verfügbar.","timeline.hours":"Letzte {hours} h","timeline.power":"Hausleistung","timeline.limit":"Limit","timeline.shed":"Abgeworfen","timeline.restored":"Zurückgegeben","timeline.loading":"Verlauf wird geladen…","timeline.no_data":"Kein Verlauf in diesem Zeitraum.","timeline.error":"Der Verlauf konnte nicht geladen werden.","editor.entry_id":"Capacity Manager","editor.device_id":"Verteiler-Gerät (statt des Eintrags)","editor.title":"Titel (optional)","editor.show_phases":"Phasenbalken anzeigen","editor.show_loads":"Prioritätenliste anzeigen","editor.show_controls":"Modus und „Alle zurückgeben“ anzeigen","editor.hours_to_show":"Angezeigte Stunden","editor.show_what_if":"Was-wäre-wenn-Formular anzeigen","editor.show_sizing":"Bericht zur Anschlussdimensionierung anzeigen","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} h {m} min","whatif.title":"Was wäre, wenn…","whatif.hint":"Ihren Verlauf mit einem anderen Limit durchspielen","whatif.intro":"Spielt die aufgezeichnete Standortleistung und die Verbraucher mit einem Limit Ihrer Wahl durch Capacity Manager und vergleicht mit einem Betrieb ganz ohne Steuerung.","whatif.period":"Zeitraum","whatif.period_last":"Letzte Tage","whatif.period_range":"Daten","whatif.days":"Tage","whatif.start":"Erster Tag","whatif.end":"Letzter Tag","whatif.limit":"Kandidat für das Limit","whatif.unit":"Einheit","whatif.limit_default":"Leer: das aktuelle Limit, {limit}","whatif.limit_default_plain":"Leer: das eingestellte Limit","whatif.amps":"= {power} bei {volts} V","whatif.amps_assumed":"= {power}, angenommen {volts} V","whatif.loads":"Simulierte Verbraucher","whatif.run":"Starten","whatif.cancel":"Abbrechen","whatif.cancelled":"Simulation abgebrochen.","whatif.progress.start":"Startet…","whatif.progress.history":"Verlauf wird gelesen: Tag {done} von {total}","whatif.progress.simulating":"Simuliert…","whatif.error.days":"Wählen Sie 1 bis {days} Tage.","whatif.error.dates":"Wählen Sie den ersten und den letzten Tag.","whatif.error.order":"Der letzte Tag darf nicht vor dem ersten liegen.","whatif.error.limit":"Das Limit muss eine Zahl über 0 sein.","whatif.error.loads":"Wählen Sie mindestens einen Verbraucher.","whatif.error.failed":"Die Simulation ist fehlgeschlagen.","whatif.verdict.ok":"Mit Capacity Manager bleibt der Standort die ganze Zeit unter {limit}.","whatif.verdict.over":"{time} über {limit}, auch mit Capacity Manager.","whatif.unavoidable":"Davon {time}, in denen nichts mehr abzuwerfen war: das übrige Haus allein lag über dem Limit.","whatif.managed":"Mit Capacity Manager","whatif.unmanaged":"Ohne Steuerung","whatif.row.above":"Zeit über dem Limit","whatif.row.overloads":"Überlastungen","whatif.row.overshoot":"Größte Überschreitung","whatif.row.energy_above":"Energie über dem Limit","whatif.deferred":"Verschobene Energie","whatif.unserved":"Nie gelieferte Energie","whatif.ev_delayed":"Verzögerte Ladevorgänge","whatif.ev_of":"{n} von {total}","whatif.load":"Verbraucher","whatif.sheds":"Abwürfe","whatif.shed_time":"Abgeworfen","whatif.not_simulated":"Nicht simuliert (kein Leistungssensor, keine Nennleistung): {loads}.","whatif.history":"Verlauf aus {days}.","whatif.resolution.states":"aufgezeichneten Zuständen ({n} T.)","whatif.resolution.statistics_5minute":"5-Minuten-Statistiken ({n} T.)","whatif.resolution.statistics_hour":"Stundenstatistiken ({n} T.)","whatif.resolution.none":"keinen Daten ({n} T.)","sizing.title":"Anschlussdimensionierung","sizing.hint":"wie viel Last der Anschluss noch aufnehmen könnte","sizing.informative":"Informativ, im Sinne von NEC 220.87, aus Ihrem aufgezeichneten Bedarf der letzten 12 Monate. Keine normgerechte Berechnung: Sicherungen schützen weiterhin, und eine Elektrofachkraft entscheidet.","sizing.loading":"Ein Jahr Statistiken wird gelesen…","sizing.error":"Der Bericht konnte nicht erstellt werden.","sizing.refresh":"Neu berechnen","sizing.peak":"Höchster 15-Minuten-Mittelwert des Bedarfs","sizing.peak_hourly":"Höchster Stundenmittelwert des Bedarfs","sizing.design":"× {factor} (Bemessungsbedarf)","sizing.rating":"Anschlusswert","sizing.unmanaged":"Zusätzlich möglich, dauernd an","sizing.managed":"Zusätzlich möglich mit Capacity Manager","sizing.additional":"{amps} mehr, wenn Capacity Manager die neue Last steuert: sie wartet, solange das Haus die Leistung braucht.","sizing.hourly_note":"Nur Stundenstatistiken decken die Spitze ab: die 15-Minuten-Spitze in dieser Stunde kann höher sein.","sizing.days":"Aus {days} Tagen Daten."};var ce={"card.name":"Capacity Manager","card.description":"Site power against the limit, the priority ladder, mode and restore all.","timeline.name":"Capacity Manager timeline","timeline.description":"The last hours of site power against the limit, with shed and restore events.","site.power":"Site power","site.of_limit":"of {limit} limit","site.no_limit":"no limit known","site.headroom":"{value} headroom","site.over":"{value} over the limit","site.unavailable":"Site power unavailable","site.importing":"importing","site.exporting":"exporting","site.export_limit":"Export limit {value}","site.export_over":"{value} over the export limit","source.panel":"panel limit","source.continuous":"continuous 80 % limit","source.grid":"grid limit","source.override":"your override","source.window":"tariff window limit","mark.limit":"Limit","mark.shed":"Shed above","mark.target":"Shed down to","mark.restore":"Restore below","status.normal":"Normal","status.shedding":"Shedding","status.restoring":"Restoring","status.limiting_export":"Limiting export","status.failsafe":"Failsafe","status.monitor":"Monitoring","status.off":"Off","status.unknown":"Unknown","phases.title":"Phases","phases.label":"L{n}","loads.title":"Priority ladder","loads.hint":"shed from the bottom up","loads.none":"No controllable loads yet. Add one in the integration's settings.","loads.priority":"Priority {n}","load.on":"On","load.shed":"Shed","load.modulated":"Modulated at {value}","load.modulated_plain":"Modulated","load.override":"Manual override","load.unavailable":"Unavailable","load.never_shed":"Never shed","load.off":"Off","load.unknown":"Unknown","plan.leaves":"Leaves {time}","plan.leaves_to_go":"Leaves {time} · {energy} to go","plan.leaves_charged":"Leaves {time} · charged","plan.at_risk":"Plan at risk","plan.at_risk_hint":"At this rate the car would not get its energy by the departure: it now charges before less important loads.","reason.over_limit":"over the limit","reason.continuous_limit":"continuous 80 % limit","reason.phase_limit":"phase current limit","reason.window_limit":"rolling average limit","reason.headroom":"headroom returned","reason.max_off_time":"maximum off time","reason.export_limit":"export limit","reason.export_absorb":"using export surplus","reason.export_curtail":"export curtailed","reason.export_release":"export under its limit again","reason.priority":"for a more important load","reason.reserve":"held to headroom","reason.failsafe":"failsafe: site power unknown","reason.manual":"manual","reason.mode_change":"mode change","mode.title":"Mode","mode.active":"Active","mode.monitor":"Monitor","mode.off":"Off","action.restore_all":"Restore all","action.restore_all_hint":"Give back every load Capacity Manager holds","error.not_found":"No Capacity Manager found. Choose one in the card editor.","error.no_entities":"Capacity Manager entities are not available yet.","timeline.hours":"Last {hours} h","timeline.power":"Site power","timeline.limit":"Limit","timeline.shed":"Shed","timeline.restored":"Restored","timeline.loading":"Loading history…","timeline.no_data":"No history in this period.","timeline.error":"History could not be loaded.","editor.entry_id":"Capacity Manager","editor.device_id":"Panel device (instead of the entry)","editor.title":"Title (optional)","editor.show_phases":"Show phase bars","editor.show_loads":"Show the priority ladder","editor.show_controls":"Show mode and restore all","editor.hours_to_show":"Hours to show","editor.show_what_if":"Show the what-if form","editor.show_sizing":"Show the panel sizing report","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} h {m} min","whatif.title":"What if…","whatif.hint":"replay your history with another limit","whatif.intro":"Replays the recorded site power and loads through Capacity Manager with a limit you choose, and compares it with no management at all.","whatif.period":"Period","whatif.period_last":"Last days","whatif.period_range":"Dates","whatif.days":"days","whatif.start":"First day","whatif.end":"Last day","whatif.limit":"Candidate limit","whatif.unit":"Unit","whatif.limit_default":"Empty: the current limit, {limit}","whatif.limit_default_plain":"Empty: the configured limit","whatif.amps":"= {power} at {volts} V","whatif.amps_assumed":"= {power}, assuming {volts} V","whatif.loads":"Loads to simulate","whatif.run":"Run","whatif.cancel":"Cancel","whatif.cancelled":"Simulation cancelled.","whatif.progress.start":"Starting…","whatif.progress.history":"Reading history: day {done} of {total}","whatif.progress.simulating":"Simulating…","whatif.error.days":"Choose from 1 to {days} days.","whatif.error.dates":"Choose the first and the last day.","whatif.error.order":"The last day must not be before the first.","whatif.error.limit":"The limit must be a number above 0.","whatif.error.loads":"Choose at least one load.","whatif.error.failed":"The simulation failed.","whatif.verdict.ok":"With Capacity Manager the site stays under {limit} the whole time.","whatif.verdict.over":"{time} above {limit}, even with Capacity Manager.","whatif.unavoidable":"{time} of it with nothing left to shed: the rest of the house alone was above the limit.","whatif.managed":"With Capacity Manager","whatif.unmanaged":"Without management","whatif.row.above":"Time above the limit","whatif.row.overloads":"Overloads","whatif.row.overshoot":"Highest overshoot","whatif.row.energy_above":"Energy above the limit","whatif.deferred":"Energy deferred","whatif.unserved":"Energy never served","whatif.ev_delayed":"EV sessions delayed","whatif.ev_of":"{n} of {total}","whatif.load":"Load","whatif.sheds":"Sheds","whatif.shed_time":"Time shed","whatif.not_simulated":"Not simulated (no power sensor or rated power): {loads}.","whatif.history":"History read from {days}.","whatif.resolution.states":"recorded states ({n} d)","whatif.resolution.statistics_5minute":"5-minute statistics ({n} d)","whatif.resolution.statistics_hour":"hourly statistics ({n} d)","whatif.resolution.none":"no data ({n} d)","sizing.title":"Panel sizing","sizing.hint":"how much load the service could take","sizing.informative":"Informative, in the spirit of NEC 220.87, from your recorded demand of the last 12 months. Not a code calculation: breakers still protect, and an electrician decides.","sizing.loading":"Reading a year of statistics…","sizing.error":"The report could not be made.","sizing.refresh":"Recalculate","sizing.peak":"Highest 15-minute average demand","sizing.peak_hourly":"Highest hourly average demand","sizing.design":"× {factor} (design demand)","sizing.rating":"Service rating","sizing.unmanaged":"Could be added, always on","sizing.managed":"Could be added with Capacity Manager","sizing.additional":"{amps} more when Capacity Manager manages the new load: it waits while the house needs the capacity.","sizing.hourly_note":"Only hourly statistics cover the peak: the 15-minute peak inside that hour may be higher.","sizing.days":"From {days} days of data."};var Ut={"card.name":"Capacity Manager","card.description":"Puissance du site face à la limite, liste de priorités, mode et tout rétablir.","timeline.name":"Capacity Manager historique","timeline.description":"Les dernières heures de puissance du site face à la limite, avec délestages et rétablissements.","site.power":"Puissance du site","site.of_limit":"sur {limit} de limite","site.no_limit":"limite inconnue","site.headroom":"{value} de marge","site.over":"{value} au-dessus de la limite","site.unavailable":"Puissance du site indisponible","site.importing":"soutirage","site.exporting":"injection","site.export_limit":"Limite d'injection {value}","site.export_over":"{value} au-dessus de la limite d'injection","source.panel":"limite du tableau","source.continuous":"limite continue de 80 %","source.grid":"limite du réseau","source.override":"votre limite manuelle","source.window":"limite de la fenêtre tarifaire","mark.limit":"Limite","mark.shed":"Délestage au-dessus de","mark.target":"Délestage jusqu'à","mark.restore":"Rétablissement sous","status.normal":"Normal","status.shedding":"Délestage","status.restoring":"Rétablissement","status.limiting_export":"Limitation de l’injection","status.failsafe":"Sécurité","status.monitor":"Surveillance","status.off":"Arrêt","status.unknown":"Inconnu","phases.title":"Phases","phases.label":"L{n}","loads.title":"Liste de priorités","loads.hint":"délestée de bas en haut","loads.none":"Aucune charge pilotable. Ajoutez-en une dans les réglages de l'intégration.","loads.priority":"Priorité {n}","load.on":"En marche","load.shed":"Délestée","load.modulated":"Modulée à {value}","load.modulated_plain":"Modulée","load.override":"Reprise manuelle","load.unavailable":"Indisponible","load.never_shed":"Jamais délestée","load.off":"Arrêtée","load.unknown":"Inconnu","plan.leaves":"Départ {time}","plan.leaves_to_go":"Départ {time} · encore {energy}","plan.leaves_charged":"Départ {time} · rechargée","plan.at_risk":"Plan compromis","plan.at_risk_hint":"À ce rythme, la voiture n'aurait pas son énergie au départ : elle charge désormais avant les charges moins importantes.","reason.over_limit":"au-dessus de la limite","reason.continuous_limit":"limite continue de 80 %","reason.phase_limit":"limite de courant de phase","reason.window_limit":"limite en moyenne glissante","reason.headroom":"marge retrouvée","reason.max_off_time":"durée d'arrêt maximale","reason.export_limit":"limite d'injection","reason.export_absorb":"absorbe le surplus injecté","reason.export_curtail":"injection bridée","reason.export_release":"injection de nouveau sous la limite","reason.priority":"pour une charge prioritaire","reason.reserve":"plafonné à la marge","reason.failsafe":"sécurité : puissance du site inconnue","reason.manual":"manuel","reason.mode_change":"changement de mode","mode.title":"Mode","mode.active":"Actif","mode.monitor":"Surveillance","mode.off":"Arrêt","action.restore_all":"Tout rétablir","action.restore_all_hint":"Rendre toutes les charges retenues par Capacity Manager","error.not_found":"Aucun Capacity Manager trouvé. Choisissez-en un dans l'éditeur de carte.","error.no_entities":"Les entités de Capacity Manager ne sont pas encore disponibles.","timeline.hours":"Dernières {hours} h","timeline.power":"Puissance du site","timeline.limit":"Limite","timeline.shed":"Délestée","timeline.restored":"Rétablie","timeline.loading":"Chargement de l'historique…","timeline.no_data":"Pas d'historique sur cette période.","timeline.error":"L'historique n'a pas pu être chargé.","editor.entry_id":"Capacity Manager","editor.device_id":"Appareil du tableau (au lieu de l'entrée)","editor.title":"Titre (facultatif)","editor.show_phases":"Afficher les barres de phase","editor.show_loads":"Afficher la liste de priorités","editor.show_controls":"Afficher le mode et « Tout rétablir »","editor.hours_to_show":"Heures affichées","editor.show_what_if":"Afficher le formulaire « Et si… »","editor.show_sizing":"Afficher le rapport de dimensionnement","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} h {m} min","whatif.title":"Et si…","whatif.hint":"rejouer votre historique avec une autre limite","whatif.intro":"Rejoue la puissance du site et les charges enregistrées dans Capacity Manager avec la limite de votre choix, et compare avec une installation sans aucun pilotage.","whatif.period":"Période","whatif.period_last":"Derniers jours","whatif.period_range":"Dates","whatif.days":"jours","whatif.start":"Premier jour","whatif.end":"Dernier jour","whatif.limit":"Limite envisagée","whatif.unit":"Unité","whatif.limit_default":"Vide : la limite actuelle, {limit}","whatif.limit_default_plain":"Vide : la limite configurée","whatif.amps":"= {power} à {volts} V","whatif.amps_assumed":"= {power}, en supposant {volts} V","whatif.loads":"Charges simulées","whatif.run":"Lancer","whatif.cancel":"Annuler","whatif.cancelled":"Simulation annulée.","whatif.progress.start":"Démarrage…","whatif.progress.history":"Lecture de l'historique : jour {done} sur {total}","whatif.progress.simulating":"Simulation…","whatif.error.days":"Choisissez de 1 à {days} jours.","whatif.error.dates":"Choisissez le premier et le dernier jour.","whatif.error.order":"Le dernier jour ne peut pas précéder le premier.","whatif.error.limit":"La limite doit être un nombre supérieur à 0.","whatif.error.loads":"Choisissez au moins une charge.","whatif.error.failed":"La simulation a échoué.","whatif.verdict.ok":"Avec Capacity Manager, le site reste sous {limit} tout le temps.","whatif.verdict.over":"{time} au-dessus de {limit}, même avec Capacity Manager.","whatif.unavoidable":"Dont {time} sans plus rien à délester : le reste de la maison dépassait seul la limite.","whatif.managed":"Avec Capacity Manager","whatif.unmanaged":"Sans pilotage","whatif.row.above":"Temps au-dessus de la limite","whatif.row.overloads":"Surcharges","whatif.row.overshoot":"Plus grand dépassement","whatif.row.energy_above":"Énergie au-dessus de la limite","whatif.deferred":"Énergie reportée","whatif.unserved":"Énergie jamais fournie","whatif.ev_delayed":"Recharges retardées","whatif.ev_of":"{n} sur {total}","whatif.load":"Charge","whatif.sheds":"Délestages","whatif.shed_time":"Durée délestée","whatif.not_simulated":"Non simulées (ni capteur de puissance ni puissance nominale) : {loads}.","whatif.history":"Historique lu depuis : {days}.","whatif.resolution.states":"états enregistrés ({n} j)","whatif.resolution.statistics_5minute":"statistiques sur 5 minutes ({n} j)","whatif.resolution.statistics_hour":"statistiques horaires ({n} j)","whatif.resolution.none":"aucune donnée ({n} j)","sizing.title":"Dimensionnement du raccordement","sizing.hint":"quelle charge le raccordement pourrait encore accepter","sizing.informative":"Indicatif, dans l'esprit de la NEC 220.87, d'après votre consommation enregistrée des 12 derniers mois. Pas un calcul réglementaire : les disjoncteurs protègent toujours, et un électricien décide.","sizing.loading":"Lecture d'une année de statistiques…","sizing.error":"Le rapport n'a pas pu être établi.","sizing.refresh":"Recalculer","sizing.peak":"Plus forte demande moyenne sur 15 minutes","sizing.peak_hourly":"Plus forte demande moyenne horaire","sizing.design":"× {factor} (demande de calcul)","sizing.rating":"Calibre du raccordement","sizing.unmanaged":"Ajoutable, en marche permanente","sizing.managed":"Ajoutable avec Capacity Manager","sizing.additional":"{amps} de plus si Capacity Manager pilote la nouvelle charge : elle attend tant que la maison a besoin de la puissance.","sizing.hourly_note":"Seules des statistiques horaires couvrent le pic : le pic sur 15 minutes dans cette heure peut être plus élevé.","sizing.days":"D'après {days} jours de données."};var Kt={"card.name":"Capacity Manager","card.description":"Vermogen van de locatie tegenover de limiet, de prioriteitenlijst, modus en alles herstellen.","timeline.name":"Capacity Manager tijdlijn","timeline.description":"De laatste uren vermogen van de locatie tegenover de limiet, met afschakelingen en herstel.","site.power":"Vermogen van de locatie","site.of_limit":"van {limit} limiet","site.no_limit":"geen limiet bekend","site.headroom":"{value} marge","site.over":"{value} boven de limiet","site.unavailable":"Vermogen van de locatie niet beschikbaar","site.importing":"afname","site.exporting":"teruglevering","site.export_limit":"Terugleverlimiet {value}","site.export_over":"{value} boven de terugleverlimiet","source.panel":"limiet van de verdeelkast","source.continuous":"continue limiet van 80 %","source.grid":"netlimiet","source.override":"uw handmatige limiet","source.window":"limiet van het tariefvenster","mark.limit":"Limiet","mark.shed":"Afschakelen boven","mark.target":"Afschakelen tot","mark.restore":"Herstellen onder","status.normal":"Normaal","status.shedding":"Afschakelen","status.restoring":"Herstellen","status.limiting_export":"Teruglevering beperkt","status.failsafe":"Noodmodus","status.monitor":"Alleen bewaken","status.off":"Uit","status.unknown":"Onbekend","phases.title":"Fasen","phases.label":"L{n}","loads.title":"Prioriteitenlijst","loads.hint":"van onder naar boven afgeschakeld","loads.none":"Nog geen regelbare verbruikers. Voeg er een toe in de instellingen van de integratie.","loads.priority":"Prioriteit {n}","load.on":"Aan","load.shed":"Afgeschakeld","load.modulated":"Teruggeregeld tot {value}","load.modulated_plain":"Teruggeregeld","load.override":"Handmatige overname","load.unavailable":"Niet beschikbaar","load.never_shed":"Nooit afschakelen","load.off":"Uit","load.unknown":"Onbekend","plan.leaves":"Vertrek {time}","plan.leaves_to_go":"Vertrek {time} · nog {energy}","plan.leaves_charged":"Vertrek {time} · geladen","plan.at_risk":"Plan in gevaar","plan.at_risk_hint":"In dit tempo krijgt de auto zijn energie niet vóór vertrek: hij laadt nu vóór minder belangrijke verbruikers.","reason.over_limit":"boven de limiet","reason.continuous_limit":"continue limiet van 80 %","reason.phase_limit":"stroomlimiet per fase","reason.window_limit":"limiet op het voortschrijdend gemiddelde","reason.headroom":"marge terug","reason.max_off_time":"maximale uit-tijd","reason.export_limit":"terugleverlimiet","reason.export_absorb":"verbruikt teruglever-overschot","reason.export_curtail":"teruglevering beperkt","reason.export_release":"teruglevering weer onder de limiet","reason.priority":"voor een belangrijkere last","reason.reserve":"begrensd tot marge","reason.failsafe":"noodmodus: vermogen van de locatie onbekend","reason.manual":"handmatig","reason.mode_change":"moduswijziging","mode.title":"Modus","mode.active":"Actief","mode.monitor":"Bewaken","mode.off":"Uit","action.restore_all":"Alles herstellen","action.restore_all_hint":"Geef elke verbruiker terug die Capacity Manager vasthoudt","error.not_found":"Geen Capacity Manager gevonden. Kies er een in de kaarteditor.","error.no_entities":"De entiteiten van Capacity Manager zijn nog niet beschikbaar.","timeline.hours":"Laatste {hours} u","timeline.power":"Vermogen van de locatie","timeline.limit":"Limiet","timeline.shed":"Afgeschakeld","timeline.restored":"Hersteld","timeline.loading":"Geschiedenis laden…","timeline.no_data":"Geen geschiedenis in deze periode.","timeline.error":"De geschiedenis kon niet worden geladen.","editor.entry_id":"Capacity Manager","editor.device_id":"Apparaat van de verdeelkast (in plaats van het item)","editor.title":"Titel (optioneel)","editor.show_phases":"Fasebalken tonen","editor.show_loads":"Prioriteitenlijst tonen","editor.show_controls":"Modus en alles herstellen tonen","editor.hours_to_show":"Getoonde uren","editor.show_what_if":"Wat-als-formulier tonen","editor.show_sizing":"Rapport aansluitcapaciteit tonen","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} u {m} min","whatif.title":"Wat als…","whatif.hint":"uw geschiedenis afspelen met een andere limiet","whatif.intro":"Speelt het opgenomen vermogen van de locatie en de verbruikers af door Capacity Manager met een limiet naar keuze, en vergelijkt met helemaal geen beheer.","whatif.period":"Periode","whatif.period_last":"Laatste dagen","whatif.period_range":"Datums","whatif.days":"dagen","whatif.start":"Eerste dag","whatif.end":"Laatste dag","whatif.limit":"Kandidaat-limiet","whatif.unit":"Eenheid","whatif.limit_default":"Leeg: de huidige limiet, {limit}","whatif.limit_default_plain":"Leeg: de ingestelde limiet","whatif.amps":"= {power} bij {volts} V","whatif.amps_assumed":"= {power}, uitgaande van {volts} V","whatif.loads":"Gesimuleerde verbruikers","whatif.run":"Starten","whatif.cancel":"Annuleren","whatif.cancelled":"Simulatie geannuleerd.","whatif.progress.start":"Bezig met starten…","whatif.progress.history":"Geschiedenis lezen: dag {done} van {total}","whatif.progress.simulating":"Bezig met simuleren…","whatif.error.days":"Kies 1 tot {days} dagen.","whatif.error.dates":"Kies de eerste en de laatste dag.","whatif.error.order":"De laatste dag mag niet vóór de eerste liggen.","whatif.error.limit":"De limiet moet een getal boven 0 zijn.","whatif.error.loads":"Kies minstens één verbruiker.","whatif.error.failed":"De simulatie is mislukt.","whatif.verdict.ok":"Met Capacity Manager blijft de locatie de hele tijd onder {limit}.","whatif.verdict.over":"{time} boven {limit}, ook met Capacity Manager.","whatif.unavoidable":"Waarvan {time} zonder iets meer om af te schakelen: de rest van het huis lag alleen al boven de limiet.","whatif.managed":"Met Capacity Manager","whatif.unmanaged":"Zonder beheer","whatif.row.above":"Tijd boven de limiet","whatif.row.overloads":"Overbelastingen","whatif.row.overshoot":"Grootste overschrijding","whatif.row.energy_above":"Energie boven de limiet","whatif.deferred":"Uitgestelde energie","whatif.unserved":"Nooit geleverde energie","whatif.ev_delayed":"Vertraagde laadsessies","whatif.ev_of":"{n} van {total}","whatif.load":"Verbruiker","whatif.sheds":"Afschakelingen","whatif.shed_time":"Tijd afgeschakeld","whatif.not_simulated":"Niet gesimuleerd (geen vermogenssensor of nominaal vermogen): {loads}.","whatif.history":"Geschiedenis gelezen uit {days}.","whatif.resolution.states":"opgenomen statussen ({n} d)","whatif.resolution.statistics_5minute":"5-minutenstatistieken ({n} d)","whatif.resolution.statistics_hour":"uurstatistieken ({n} d)","whatif.resolution.none":"geen gegevens ({n} d)","sizing.title":"Aansluitcapaciteit","sizing.hint":"hoeveel belasting de aansluiting nog aankan","sizing.informative":"Informatief, in de geest van NEC 220.87, uit uw opgenomen vraag van de laatste 12 maanden. Geen berekening volgens de norm: zekeringen beveiligen nog steeds, en een elektricien beslist.","sizing.loading":"Een jaar aan statistieken lezen…","sizing.error":"Het rapport kon niet worden gemaakt.","sizing.refresh":"Opnieuw berekenen","sizing.peak":"Hoogste 15-minutengemiddelde vraag","sizing.peak_hourly":"Hoogste uurgemiddelde vraag","sizing.design":"× {factor} (ontwerpvraag)","sizing.rating":"Aansluitwaarde","sizing.unmanaged":"Bij te plaatsen, altijd aan","sizing.managed":"Bij te plaatsen met Capacity Manager","sizing.additional":"{amps} meer als Capacity Manager de nieuwe belasting beheert: die wacht zolang het huis de capaciteit nodig heeft.","sizing.hourly_note":"Alleen uurstatistieken dekken de piek: de 15-minutenpiek binnen dat uur kan hoger zijn.","sizing.days":"Uit {days} dagen aan gegevens."};var lr={en:ce,de:Ft,fr:Ut,nl:Kt};function dr(i){return(i||"en").toLowerCase().split(/[-_]/)[0]||"en"}function $(i){let e=lr[dr(i)]??ce;return(t,r)=>{let n=e[t]??ce[t]??t;if(r)for(let[a,s]of Object.entries(r))n=n.split(`{${a}}`).join(String(s));return n}}function z(i,e,t){let r=`${e}.${t}`;return r in ce?i(r):t.replace(/_/g," ")}var Gt={restore:"mark.restore",target:"mark.target",shed:"mark.shed",limit:"mark.limit"};function ur(i,e,t){let r=Vt(i,e,t);return r!==c?r:i.headroomW===null?c:i.headroomW<0?u`<span class="headroom over">${t("site.over",{value:_(-i.headroomW,e)})}</span>`:u`<span class="headroom">${t("site.headroom",{value:_(i.headroomW,e)})}</span>`}function Bt(i,e,t){let r=Ot(i),n=[["restore",i.restoreW],["target",i.targetW],["shed",i.shedW],["limit",i.limitW]],a=me(i.powerW,r)??0,s=me(i.limitW,r),o=i.limitW===null?t("site.no_limit"):t("site.of_limit",{limit:_(i.limitW,e)});return u`
    <div class="reading">
      <div class="reading-main">
        <span class="big" data-value="site-power">${i.powerW===null?"—":_(i.powerW,e)}</span>
        <span class="muted" data-value="limit">${o}</span>
        ${i.limitSource&&i.limitSource!=="panel"?u`<span class="source" data-value="limit-source">${z(t,"source",i.limitSource)}</span>`:c}
        ${Ht(i,t)}
      </div>
      ${ur(i,e,t)}
    </div>
    <div
      class="gauge"
      role="meter"
      aria-label=${t("site.power")}
      aria-valuemin="0"
      aria-valuemax=${r}
      aria-valuenow=${i.powerW??0}
      aria-valuetext=${`${_(i.powerW,e)} ${o}`}
    >
      ${s===null?c:u`<div class="over-zone" style="left:${s}%"></div>`}
      <div class="fill zone-${i.zone}" style="width:${a}%"></div>
      ${n.map(([l,m])=>{let p=me(m,r);return p===null?c:u`<div
              class="mark mark-${l}"
              data-mark=${l}
              style="left:${p}%"
              title=${`${t(Gt[l])} ${_(m,e)}`}
            ></div>`})}
    </div>
    <div class="legend">
      ${n.filter(([l,m])=>m!==null&&l!=="limit").map(([l,m])=>u`<span class="legend-item"><i class="key key-${l}"></i>${t(Gt[l])} ${_(m,e)}</span>`)}
      ${Wt(i,e,t)}
    </div>
  `}function mr(i){if(i.limitA===null||i.limitA<=0)return"ok";let e=i.currentA/i.limitA;return e>.95?"over":e>.85?"near":"ok"}function Zt(i,e,t){if(!i.length)return c;let r=Math.max(...i.map(n=>n.limitA??n.currentA*1.2),1);return u`
    <div class="phases" aria-label=${t("phases.title")}>
      ${i.map(n=>u`
          <div class="phase" data-phase=${n.index}>
            <span class="phase-label">${t("phases.label",{n:n.index})}</span>
            <div class="phase-track">
              <div class="phase-fill zone-${mr(n)}" style="width:${me(n.currentA,r)}%"></div>
            </div>
            <span class="phase-value">
              ${B(n.currentA,e)}${n.limitA===null?c:u`<span class="muted"> / ${B(n.limitA,e)}</span>`}
            </span>
          </div>
        `)}
    </div>
  `}var qt=b`
  .reading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 2px 12px;
    margin: 12px 0 8px;
  }
  .reading-main {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 8px;
    min-width: 0;
  }
  .big {
    font-size: 28px;
    font-weight: 500;
    line-height: 1.1;
    letter-spacing: -0.02em;
    font-variant-numeric: tabular-nums;
  }
  .source {
    font-size: 12px;
    padding: 1px 8px;
    border-radius: 999px;
    color: var(--cm-info-text);
    background: color-mix(in srgb, var(--cm-info) 14%, transparent);
  }
  .headroom {
    font-size: 13px;
    color: var(--cm-muted);
  }
  .headroom.over {
    color: var(--cm-over);
    font-weight: 500;
  }
  .gauge {
    position: relative;
    height: 14px;
    margin: 6px 0;
    border-radius: 7px;
    background: var(--cm-track);
  }
  .over-zone {
    position: absolute;
    top: 0;
    bottom: 0;
    right: 0;
    border-radius: 0 7px 7px 0;
    background: repeating-linear-gradient(
      -45deg,
      color-mix(in srgb, var(--cm-over) 22%, transparent) 0 4px,
      transparent 4px 8px
    );
  }
  .fill {
    position: absolute;
    top: 0;
    bottom: 0;
    left: 0;
    border-radius: 7px;
    transition: width 0.6s ease;
  }
  .zone-ok {
    background: var(--cm-ok);
  }
  .zone-near {
    background: var(--cm-near);
  }
  .zone-over {
    background: var(--cm-over);
  }
  .zone-unknown {
    background: var(--cm-muted);
  }
  .mark {
    position: absolute;
    top: -4px;
    bottom: -4px;
    width: 2px;
    margin-left: -1px;
    border-radius: 1px;
  }
  .mark-restore,
  .key-restore {
    background: var(--cm-ok);
  }
  .mark-target,
  .key-target {
    background: var(--cm-near);
  }
  .mark-shed,
  .key-shed {
    background: var(--cm-over);
  }
  .mark-limit {
    top: -6px;
    bottom: -6px;
    width: 3px;
    margin-left: -1.5px;
    background: var(--cm-text);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 14px;
    margin-top: 8px;
    font-size: 12px;
    color: var(--cm-muted);
  }
  .legend-item {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
  }
  .key {
    display: inline-block;
    width: 3px;
    height: 12px;
    border-radius: 1px;
  }
  .phases {
    display: grid;
    gap: 6px;
    margin-top: 14px;
  }
  .phase {
    display: grid;
    grid-template-columns: 2em minmax(0, 1fr) auto;
    align-items: center;
    gap: 10px;
    font-size: 13px;
  }
  .phase-label {
    color: var(--cm-muted);
  }
  .phase-track {
    position: relative;
    height: 8px;
    border-radius: 4px;
    background: var(--cm-track);
    overflow: hidden;
  }
  .phase-fill {
    height: 100%;
    border-radius: 4px;
  }
  .phase-value {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
`;function qe(i,e,t){i.dispatchEvent(new CustomEvent(e,{detail:t,bubbles:!0,composed:!0}))}function Yt(i,e){qe(i,"hass-more-info",{entityId:e})}async function Jt(){if(customElements.get("ha-form"))return;let i=customElements.get("hui-entities-card");try{await i?.getConfigElement?.()}catch{}}var ke=b`
  :host {
    display: block;
    --cm-ok: var(--success-color, #43a047);
    --cm-near: var(--warning-color, #ffa600);
    --cm-over: var(--error-color, #db4437);
    --cm-info: var(--info-color, #039be5);
    --cm-muted: var(--secondary-text-color, #727272);
    --cm-text: var(--primary-text-color, #212121);
    --cm-line: var(--divider-color, rgba(0, 0, 0, 0.12));
    --cm-track: color-mix(in srgb, var(--cm-text) 8%, transparent);
    /* Words in a status colour on its own tint (chips, badges): the colour mixed toward the text
       colour (darker in a light theme, lighter in a dark one) so they read at 4.5:1 or more
       (WCAG AA) in both; the warning orange, the lightest, needs the most. */
    --cm-ok-text: color-mix(in srgb, var(--cm-ok) 55%, var(--cm-text));
    --cm-near-text: color-mix(in srgb, var(--cm-near) 40%, var(--cm-text));
    --cm-over-text: color-mix(in srgb, var(--cm-over) 55%, var(--cm-text));
    --cm-info-text: color-mix(in srgb, var(--cm-info) 55%, var(--cm-text));
    --cm-muted-text: color-mix(in srgb, var(--cm-muted) 55%, var(--cm-text));
  }
  ha-card {
    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    height: 100%;
    overflow: hidden;
    padding: 16px;
    color: var(--cm-text);
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border-radius: var(--ha-card-border-radius, 12px);
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
    box-shadow: var(--ha-card-box-shadow, none);
    font-family: var(--ha-font-family-body, var(--paper-font-body1_-_font-family, inherit));
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    min-width: 0;
  }
  .title {
    font-size: var(--ha-font-size-l, 18px);
    font-weight: 500;
    line-height: 1.3;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    flex: none;
    padding: 3px 10px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 500;
    line-height: 18px;
    white-space: nowrap;
    color: var(--chip-text, var(--cm-muted-text));
    background: color-mix(in srgb, var(--chip-color, var(--cm-muted)) 14%, transparent);
  }
  /* The dot keeps the status's own colour. */
  .chip::before {
    content: "";
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--chip-color, var(--cm-muted));
  }
  .muted {
    color: var(--cm-muted);
  }
  .message {
    padding: 8px 0;
    color: var(--cm-muted);
  }
  .tone-ok {
    --chip-color: var(--cm-ok);
    --chip-text: var(--cm-ok-text);
  }
  .tone-near {
    --chip-color: var(--cm-near);
    --chip-text: var(--cm-near-text);
  }
  .tone-over {
    --chip-color: var(--cm-over);
    --chip-text: var(--cm-over-text);
  }
  .tone-info {
    --chip-color: var(--cm-info);
    --chip-text: var(--cm-info-text);
  }
  .tone-muted {
    --chip-color: var(--cm-muted);
    --chip-text: var(--cm-muted-text);
  }
`;function Ae(i){switch(i){case"normal":case"on":return"ok";case"shedding":case"failsafe":case"shed":return"over";case"restoring":case"modulated":case"limiting_export":return"near";case"monitor":case"override":case"never_shed":return"info";default:return"muted"}}function cr(i,e,t){return i.status==="modulated"?i.setpoint===null?t("load.modulated_plain"):t("load.modulated",{value:Tt(i.setpoint,i.setpointUnit,e)}):z(t,"load",i.status)}function pr(i,e){return!i.reason||!["shed","modulated"].includes(i.status)?null:z(e,"reason",i.reason)}function hr(i,e,t,r){return i.plan?u`<span class="plan" data-role="plan">
    ${i.plan.atRisk?u`<span class="plan-risk" data-role="plan-risk" title=${t("plan.at_risk_hint")}
          ><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 2 1 21h22L12 2zm1 16h-2v-2h2v2zm0-4h-2V9h2v5z" /></svg
          >${t("plan.at_risk")}</span
        >`:c}
    <span class="plan-text">${Pt(i.plan,e,t,r)}</span>
  </span>`:c}function Xt(i,e,t,r,n={}){let a=(s,o)=>{s instanceof KeyboardEvent&&s.key!=="Enter"&&s.key!==" "||(s.preventDefault(),r(o))};return u`
    <div class="ladder">
      <div class="ladder-head">
        <span class="section-title">${t("loads.title")}</span>
        ${i.length>1?u`<span class="muted">${t("loads.hint")}</span>`:c}
      </div>
      ${i.length?u`<ul>
            ${i.map(s=>{let o=pr(s,t);return u`
                <li
                  class="load${s.plan?" with-plan":""}"
                  role="button"
                  tabindex="0"
                  data-entity=${s.entityId}
                  data-status=${s.status}
                  @click=${l=>a(l,s.entityId)}
                  @keydown=${l=>a(l,s.entityId)}
                >
                  <span class="prio" title=${s.priority===null?"":t("loads.priority",{n:s.priority})}
                    >${s.priority??"–"}</span
                  >
                  <span class="name">
                    <span class="load-name">${s.name}</span>
                    ${o?u`<span class="reason" title=${o}>${o}</span>`:c}
                  </span>
                  ${hr(s,e,t,n)}
                  <span class="chip tone-${Ae(s.status)}" data-role="status">${cr(s,e,t)}</span>
                  <span class="power" data-role="power">${_(s.powerW,e)}</span>
                </li>
              `})}
          </ul>`:u`<div class="message">${t("loads.none")}</div>`}
    </div>
  `}var Qt=b`
  .ladder {
    margin-top: 16px;
    border-top: 1px solid var(--cm-line);
    padding-top: 12px;
  }
  .ladder-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0 8px;
    margin-bottom: 4px;
    font-size: 12px;
  }
  .section-title {
    font-size: 14px;
    font-weight: 500;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  /* Wide: name over reason, then the status chip and the power on one line.
     Narrow (a phone): name, then chip and reason below it, so names are not cut short. */
  .load {
    display: grid;
    grid-template-columns: 28px minmax(0, 1fr) auto 4.6em;
    grid-template-areas: "prio name chip power";
    align-items: center;
    column-gap: 10px;
    min-height: 44px;
    padding: 4px 6px;
    margin: 0 -6px;
    border-radius: 8px;
    cursor: pointer;
    outline: none;
  }
  .prio {
    grid-area: prio;
  }
  .name {
    grid-area: name;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .load .chip {
    grid-area: chip;
  }
  .power {
    grid-area: power;
  }
  /* A charger with a plan: the plan on a line of its own under the name and the chip. */
  .load.with-plan {
    grid-template-areas:
      "prio name chip power"
      "prio plan plan power";
    row-gap: 2px;
    padding-top: 6px;
    padding-bottom: 6px;
  }
  .plan {
    grid-area: plan;
  }
  .load:hover,
  .load:focus-visible {
    background: var(--cm-track);
  }
  .prio {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 26px;
    height: 26px;
    border-radius: 50%;
    font-size: 12px;
    font-weight: 600;
    color: var(--cm-muted);
    border: 1.5px solid var(--cm-line);
    box-sizing: border-box;
  }
  .load-name,
  .reason {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .reason {
    font-size: 12px;
    color: var(--cm-muted);
  }
  .plan {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 6px;
    min-width: 0;
    font-size: 12px;
    line-height: 18px;
    color: var(--cm-muted);
  }
  .plan-text {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  /* The warning colour, darkened toward the text colour (lightened in a dark theme) so the
     words keep their contrast on the tinted background, as on the status chips. */
  .plan-risk {
    display: inline-flex;
    align-items: center;
    gap: 3px;
    padding: 0 7px 0 5px;
    border-radius: 999px;
    font-size: 11px;
    font-weight: 600;
    line-height: 16px;
    white-space: nowrap;
    color: var(--cm-near-text);
    background: color-mix(in srgb, var(--cm-near) 18%, transparent);
    border: 1px solid color-mix(in srgb, var(--cm-near) 60%, transparent);
  }
  .plan-risk svg {
    width: 12px;
    height: 12px;
    fill: currentColor;
    flex: none;
  }
  .load .chip::before {
    display: none;
  }
  .load .chip {
    justify-self: end;
    max-width: 12em;
    overflow: hidden;
    text-overflow: ellipsis;
    flex: none;
  }
  .load[data-status="off"] .load-name,
  .load[data-status="unavailable"] .load-name {
    color: var(--cm-muted);
  }
  .power {
    text-align: right;
    font-variant-numeric: tabular-nums;
    font-size: 13px;
    white-space: nowrap;
  }
  @container (max-width: 420px) {
    .load {
      grid-template-columns: 28px auto minmax(0, 1fr) auto;
      grid-template-areas:
        "prio name name power"
        "prio chip reason power";
      column-gap: 8px;
      row-gap: 2px;
      padding-top: 6px;
      padding-bottom: 6px;
    }
    .name {
      display: contents;
    }
    .load-name {
      grid-area: name;
    }
    .reason {
      grid-area: reason;
    }
    .load.with-plan {
      grid-template-areas:
        "prio name name power"
        "prio chip reason power"
        "prio plan plan plan";
    }
    .load .chip {
      justify-self: start;
    }
  }
`;var Se=b`
  :host {
    display: block;
    font-size: 14px;
    --cm-ok: var(--success-color, #43a047);
    --cm-over: var(--error-color, #db4437);
    --cm-muted: var(--secondary-text-color, #727272);
    --cm-text: var(--primary-text-color, #212121);
    --cm-line: var(--divider-color, rgba(0, 0, 0, 0.12));
    --cm-track: color-mix(in srgb, var(--cm-text) 8%, transparent);
    color: var(--cm-text);
  }
  .muted {
    color: var(--cm-muted);
  }
  .small {
    font-size: 12px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 8px;
    margin: 8px 0;
  }
  .label {
    flex: 0 0 100%;
    font-size: 12px;
    color: var(--cm-muted);
  }
  input,
  select {
    font: inherit;
    color: var(--cm-text);
    background: transparent;
    border: 1px solid var(--cm-line);
    border-radius: 8px;
    min-height: 34px;
    padding: 0 8px;
    box-sizing: border-box;
    min-width: 0;
  }
  input[type="number"],
  input[name="limit"] {
    width: 6.5em;
  }
  input[type="checkbox"] {
    min-height: 0;
    width: 16px;
    height: 16px;
    margin: 0;
    accent-color: var(--primary-color, #03a9f4);
  }
  select option {
    color: #212121;
  }
  button {
    font: inherit;
    font-size: 14px;
    font-weight: 500;
    min-height: 34px;
    padding: 0 14px;
    border-radius: 17px;
    cursor: pointer;
    color: var(--cm-text);
    background: transparent;
    border: 1px solid var(--cm-line);
  }
  button:disabled {
    cursor: default;
    opacity: 0.45;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 1px;
  }
  button.primary {
    color: var(--text-primary-color, #fff);
    background: var(--primary-color, #03a9f4);
    border-color: transparent;
  }
  .segmented {
    display: inline-flex;
    border: 1px solid var(--cm-line);
    border-radius: 17px;
    overflow: hidden;
  }
  .segmented button {
    border: none;
    border-radius: 0;
    padding: 0 12px;
  }
  .segmented button + button {
    border-left: 1px solid var(--cm-line);
  }
  .segmented button[aria-pressed="true"] {
    color: var(--text-primary-color, #fff);
    background: var(--primary-color, #03a9f4);
  }
  .loads {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
  }
  .loads label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 28px;
  }
  .bar {
    height: 6px;
    border-radius: 3px;
    background: var(--cm-track);
    overflow: hidden;
    margin: 6px 0 4px;
  }
  .bar > div {
    height: 100%;
    background: var(--primary-color, #03a9f4);
    transition: width 0.3s ease;
  }
  .error {
    color: var(--cm-over);
    margin: 8px 0;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    margin: 8px 0;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: right;
    padding: 4px 0 4px 8px;
    border-bottom: 1px solid var(--cm-line);
    font-weight: normal;
    vertical-align: top;
  }
  th:first-child,
  td:first-child {
    text-align: left;
    padding-left: 0;
  }
  thead th {
    font-size: 12px;
    color: var(--cm-muted);
  }
  .verdict {
    margin: 10px 0 4px;
    font-weight: 500;
  }
  .verdict.ok {
    color: var(--cm-ok);
  }
  dl {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 4px 12px;
    margin: 8px 0;
  }
  dt {
    color: var(--cm-muted);
  }
  dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  dd.strong {
    font-weight: 500;
    color: var(--cm-text);
  }
  p {
    margin: 6px 0;
  }
`,ei=b`
  .tools {
    margin-top: 14px;
    border-top: 1px solid var(--cm-line);
  }
  .tool {
    border-bottom: 1px solid var(--cm-line);
  }
  .tool:last-child {
    border-bottom: none;
  }
  .tool > summary {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 8px;
    min-height: 44px;
    align-content: center;
    cursor: pointer;
    list-style: none;
    font-size: 12px;
  }
  .tool > summary::-webkit-details-marker {
    display: none;
  }
  .tool > summary::before {
    content: "›";
    display: inline-block;
    width: 1em;
    font-size: 18px;
    line-height: 1;
    color: var(--cm-muted);
    transition: transform 0.2s ease;
  }
  .tool[open] > summary::before {
    transform: rotate(90deg);
  }
  .tool > summary:focus-visible {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: 2px;
  }
  .tool[open] {
    padding-bottom: 10px;
  }
`;async function pe(i,e,t){let r=await i.connection.sendMessagePromise({type:"call_service",domain:G,service:e,service_data:t,return_response:!0});if(!r||typeof r!="object"||r.response===void 0)throw new Error("no response data");return r.response}function M(i){return typeof i=="string"&&i?i:null}function he(i){let e=i&&typeof i=="object"?i:{},t=e.error&&typeof e.error=="object"?e.error:{},r={},n=e.translation_placeholders??t.translation_placeholders;if(n&&typeof n=="object")for(let[s,o]of Object.entries(n))r[s]=String(o);let a=M(e.message)??M(t.message)??(typeof i=="string"?i:"");return{code:M(e.code)??M(t.code)??"unknown_error",message:a.replace(/^Validation error:\s*/,""),key:M(e.translation_key)??M(t.translation_key),domain:M(e.translation_domain)??M(t.translation_domain),placeholders:r}}async function fe(i,e,t){if(e.key&&e.domain&&i.loadBackendTranslation)try{let n=(await i.loadBackendTranslation("exceptions",e.domain))(`component.${e.domain}.exceptions.${e.key}.message`,e.placeholders);if(n)return n}catch{}return e.message||t}async function ti(i,e,t){if(!i.connection.subscribeEvents)return null;try{let r=await i.connection.subscribeEvents(t,e);return()=>{Promise.resolve(r()).catch(()=>{})}}catch{return null}}function ii(i,e,t){return e||((t?i.devices[t]?.config_entries?.[0]:void 0)??null)}var Ee="capacity-manager-card",Ye="capacity-manager-card-editor";function Je(i){if(!i||typeof i!="object")throw new Error("Invalid configuration: expected a mapping.");for(let e of["entry_id","device_id","title"]){let t=i[e];if(t!=null&&typeof t!="string")throw new Error(`Invalid configuration: ${e} must be text.`)}}var q=class extends x{constructor(){super(...arguments);this._opened=new Set;this._cache=new K}static getConfigElement(){return document.createElement(Ye)}static getStubConfig(t){return{type:`custom:${Ee}`,...ye(t)}}setConfig(t){Je(t),this._config={...t}}getCardSize(){let t=this._discover()?.loads.length??0,r=(this._config?.show_what_if===!1?0:1)+(this._config?.show_sizing===!1?0:1);return 3+Math.ceil(t*.8)+(this._config?.show_controls===!1?0:1)+Math.ceil(r/2)}getGridOptions(){return{columns:12,min_columns:6}}_discover(){return this._cache.get(this.hass,this._config)}shouldUpdate(t){if(t.size!==1||!t.has("hass"))return!0;let r=t.get("hass"),n=this.hass;if(!r||!n||r.entities!==n.entities||r.devices!==n.devices||r.language!==n.language)return!0;let a=this._discover();return a?[...Object.values(a.site),...a.loads.flatMap(o=>Object.values(o.entities))].some(o=>r.states[o]!==n.states[o]):!0}async _selectMode(t,r){!this.hass||!t.modeEntity||r===t.mode||await this.hass.callService("select","select_option",{entity_id:t.modeEntity,option:r})}async _restoreAll(t){!this.hass||!t.restoreEntity||await this.hass.callService("button","press",{entity_id:t.restoreEntity})}_renderControls(t,r){return this._config?.show_controls===!1||!t.modeEntity&&!t.restoreEntity?c:u`
      <div class="controls">
        ${t.modeEntity?u`<div class="modes" role="group" aria-label=${r("mode.title")}>
              ${t.modeOptions.map(n=>u`<button
                  class="mode"
                  data-option=${n}
                  aria-pressed=${n===t.mode?"true":"false"}
                  ?disabled=${!t.modeAvailable}
                  @click=${()=>this._selectMode(t,n)}
                >
                  ${z(r,"mode",n)}
                </button>`)}
            </div>`:c}
        ${t.restoreEntity?u`<button
              class="restore"
              title=${r("action.restore_all_hint")}
              ?disabled=${!t.restoreAvailable||!Nt(t)}
              @click=${()=>this._restoreAll(t)}
            >
              ${r("action.restore_all")}
            </button>`:c}
      </div>
    `}_toggled(t,r){r.target.open&&!this._opened.has(t)&&(this._opened=new Set([...this._opened,t]))}_renderTools(t,r,n){let a=this._config,s=this.hass;if(!a||!s||a.show_what_if===!1&&a.show_sizing===!1)return c;let o=ii(s,a.entry_id,t.panelDeviceId),l=t.loads.map(d=>({ref:(d.deviceId?s.devices[d.deviceId]?.name:null)||d.name,name:d.name})),m=It(s,t),p=(d,f,h,w)=>u`
      <details class="tool" data-section=${d} @toggle=${A=>this._toggled(d,A)}>
        <summary><span class="section-title">${f}</span><span class="muted">${h}</span></summary>
        ${this._opened.has(d)?w():c}
      </details>
    `;return u`<div class="tools">
      ${a.show_what_if===!1?c:p("what-if",n("whatif.title"),n("whatif.hint"),()=>u`<capacity-manager-what-if
              .hass=${s}
              .entryId=${o}
              .loads=${l}
              .voltsBasis=${m.volts}
              .voltsAssumed=${m.assumed}
              .currentLimitW=${r.limitW}
            ></capacity-manager-what-if>`)}
      ${a.show_sizing===!1?c:p("sizing",n("sizing.title"),n("sizing.hint"),()=>u`<capacity-manager-panel-sizing .hass=${s} .entryId=${o}></capacity-manager-panel-sizing>`)}
    </div>`}render(){if(!this._config||!this.hass)return c;let t=this.hass.locale?.language||this.hass.language||"en",r=$(this.hass.language),n=this._discover(),a=this._config.title||de(n?.panelDeviceId?this.hass.devices[n.panelDeviceId]:void 0)||r("card.name");if(!n)return u`<ha-card><div class="header"><span class="title">${a}</span></div>
        <div class="message" data-role="error">${r("error.not_found")}</div></ha-card>`;if(!n.site.site_power&&!n.site.effective_limit)return u`<ha-card><div class="header"><span class="title">${a}</span></div>
        <div class="message" data-role="error">${r("error.no_entities")}</div></ha-card>`;let s=Rt(this.hass,n),o=s.status??"unknown";return u`
      <ha-card>
        <div class="header">
          <span class="title">${a}</span>
          <span class="chip tone-${Ae(s.status)}" data-role="site-status" data-status=${o}
            >${z(r,"status",o)}</span
          >
        </div>
        ${Bt(s,t,r)}
        ${this._config.show_phases===!1?c:Zt(s.phases,t,r)}
        ${this._config.show_loads===!1?c:Xt(s.loads,t,r,l=>Yt(this,l),ue(this.hass))}
        ${this._renderControls(s,r)} ${this._renderTools(n,s,r)}
      </ha-card>
    `}};q.properties={hass:{attribute:!1},_config:{state:!0},_opened:{state:!0}},q.styles=[ke,qt,jt,Qt,ei,b`
      .controls {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 10px;
        margin-top: 14px;
        padding-top: 12px;
        border-top: 1px solid var(--cm-line);
      }
      button {
        font: inherit;
        font-size: 14px;
        font-weight: 500;
        min-height: 36px;
        padding: 0 14px;
        border-radius: 18px;
        cursor: pointer;
        color: var(--cm-text);
        background: transparent;
        border: 1px solid var(--cm-line);
      }
      button:disabled {
        cursor: default;
        opacity: 0.45;
      }
      button:focus-visible {
        outline: 2px solid var(--primary-color, #03a9f4);
        outline-offset: 2px;
      }
      .modes {
        display: inline-flex;
        max-width: 100%;
        border: 1px solid var(--cm-line);
        border-radius: 18px;
        overflow: hidden;
      }
      .mode {
        border: none;
        border-radius: 0;
        min-width: 0;
        padding: 0 12px;
      }
      .mode + .mode {
        border-left: 1px solid var(--cm-line);
      }
      .mode[aria-pressed="true"] {
        color: var(--text-primary-color, #fff);
        background: var(--primary-color, #03a9f4);
      }
      .restore {
        color: var(--primary-color, #03a9f4);
        border-color: color-mix(in srgb, var(--primary-color, #03a9f4) 55%, transparent);
      }
    `];var ri=[{name:"entry_id",selector:{config_entry:{integration:G}}},{name:"device_id",selector:{device:{entity:[{integration:G,domain:"select"}]}}},{name:"title",selector:{text:{}}}],Y=class extends x{constructor(){super(...arguments);this.defaults={}}setConfig(t){this._config={...t}}connectedCallback(){super.connectedCallback(),Jt().then(()=>this.requestUpdate())}_changed(t){if(t.stopPropagation(),!this._config)return;let r={type:this._config.type};for(let[n,a]of Object.entries({...this._config,...t.detail.value})){let s=a==null||a==="";n!=="type"&&!s&&this.defaults[n]!==a&&(r[n]=a)}this._config=r,qe(this,"config-changed",{config:r})}render(){if(!this.hass||!this._config)return c;let t=$(this.hass.language);return u`<ha-form
      .hass=${this.hass}
      .data=${{...this.defaults,...this._config}}
      .schema=${this.schema}
      .computeLabel=${r=>t(`editor.${r.name}`)}
      @value-changed=${this._changed}
    ></ha-form>`}};Y.properties={hass:{attribute:!1},_config:{state:!0}},Y.styles=b`
    :host {
      display: block;
    }
  `;var Te=class extends Y{constructor(){super(...arguments);this.defaults={show_phases:!0,show_loads:!0,show_controls:!0,show_what_if:!0,show_sizing:!0}}get schema(){return[...ri,{name:"show_phases",selector:{boolean:{}}},{name:"show_loads",selector:{boolean:{}}},{name:"show_controls",selector:{boolean:{}}},{name:"show_what_if",selector:{boolean:{}}},{name:"show_sizing",selector:{boolean:{}}}]}},Ce=class extends Y{constructor(){super(...arguments);this.defaults={hours_to_show:24}}get schema(){return[...ri,{name:"hours_to_show",selector:{number:{min:1,max:168,step:1,mode:"box",unit_of_measurement:"h"}}}]}};var ni="panel_sizing";function si(i){let e=i&&typeof i=="object"?i:{};return{peakW:g(e.peak_demand_w),peakAt:typeof e.peak_demand_at=="string"?e.peak_demand_at:null,hourly:e.resolution==="hourly_mean_statistics",factor:g(e.demand_factor)??1.25,designW:g(e.design_demand_w),ratingW:g(e.service_rating_w),ratingA:g(e.service_rating_a),unmanagedA:g(e.unmanaged_available_a),managedA:g(e.managed_available_a),additionalA:g(e.additional_managed_a),days:g(e.days_of_data)}}var ai="capacity-manager-panel-sizing",J=class extends x{constructor(){super(...arguments);this.entryId=null;this._view=null;this._error=null;this._loading=!1;this._loadedFor=null}shouldUpdate(t){if(t.size===1&&t.has("hass")){let r=t.get("hass");return!r||r.language!==this.hass?.language}return!0}updated(){this.hass&&this.entryId&&this._loadedFor!==this.entryId&&this.load()}async load(){let t=this.hass,r=this.entryId;if(!(!t||!r||this._loading)){this._loadedFor=r,this._loading=!0,this._error=null;try{this._view=si(await pe(t,ni,{config_entry_id:r}))}catch(n){this._view=null,this._error=await fe(t,he(n),$(t.language)("sizing.error"))}finally{this._loading=!1}}}_renderView(t){let r=$(this.hass?.language),n=this.hass?.locale?.language||this.hass?.language||"en",a=o=>o===null?"—":B(o,n),s=this.hass?.config?.time_zone;return u`<dl data-role="sizing">
        <dt>${r(t.hourly?"sizing.peak_hourly":"sizing.peak")}</dt>
        <dd class="strong" data-value="peak">${_(t.peakW,n)}</dd>
        ${t.peakAt?u`<dt></dt>
              <dd class="muted small" data-value="peak-at">${Lt(t.peakAt,n,s)}</dd>`:c}
        <dt>${r("sizing.design",{factor:k(t.factor,n,2)})}</dt>
        <dd data-value="design">${_(t.designW,n)}</dd>
        <dt>${r("sizing.rating")}</dt>
        <dd data-value="rating">${a(t.ratingA)} · ${_(t.ratingW,n)}</dd>
        <dt>${r("sizing.unmanaged")}</dt>
        <dd class="strong" data-value="unmanaged">${a(t.unmanagedA)}</dd>
        <dt>${r("sizing.managed")}</dt>
        <dd class="strong" data-value="managed">${a(t.managedA)}</dd>
      </dl>
      ${t.additionalA!==null&&t.additionalA>0?u`<p class="small" data-role="additional">
            ${r("sizing.additional",{amps:B(t.additionalA,n)})}
          </p>`:c}
      ${t.hourly?u`<p class="muted small">${r("sizing.hourly_note")}</p>`:c}
      ${t.days===null?c:u`<p class="muted small" data-role="days">${r("sizing.days",{days:k(t.days,n,0)})}</p>`}`}render(){let t=$(this.hass?.language);return u`
      <p class="muted small" data-role="informative">${t("sizing.informative")}</p>
      ${this._loading&&!this._view?u`<p class="muted" data-role="loading">${t("sizing.loading")}</p>`:c}
      ${this._error?u`<p class="error" role="alert" data-role="error">${this._error}</p>`:c}
      ${this._view?this._renderView(this._view):c}
      <div class="row">
        <button data-action="refresh" ?disabled=${this._loading||!this.entryId} @click=${()=>this.load()}>
          ${t("sizing.refresh")}
        </button>
      </div>
    `}};J.properties={hass:{attribute:!1},entryId:{attribute:!1},_view:{state:!0},_error:{state:!0},_loading:{state:!0}},J.styles=Se;var Xe=new Set(["shed","modulated"]),fr=new Set(["on","off","never_shed"]),gr=new Set(["unavailable","unknown"]);function vr(i){let e=g(i.lu??i.lc);if(e!==null)return e*1e3;let t=i.last_updated??i.last_changed,r=typeof t=="string"?Date.parse(t):Number.NaN;return Number.isFinite(r)?r:null}function li(i){return String(i.s??i.state??"")}function di(i,e=1){if(!Array.isArray(i))return[];let t=[];for(let r of i){if(!r||typeof r!="object")continue;let n=vr(r);if(n===null)continue;let a=g(li(r));t.push({t:n,v:a===null?null:a*e})}return t.sort((r,n)=>r.t-n.t)}var _r=36e5;function oi(i){if(typeof i=="string"){let e=Date.parse(i);return Number.isFinite(e)?e:null}return g(i)}function wr(i,e){if(!Array.isArray(i))return[];let t=[],r=null,n=i.filter(a=>!!a&&typeof a=="object").map(a=>{let s=oi(a.start);return{start:s,end:oi(a.end)??(s??0)+_r,mean:g(a.mean)}}).filter(a=>a.start!==null&&a.end<=e).sort((a,s)=>a.start-s.start);for(let a of n)r!==null&&a.start>r&&t.push({t:r,v:null}),t.push({t:a.start,v:a.mean}),r=a.end;return r!==null&&r<e&&t.push({t:r,v:null}),t}function ui(i,e){let t=i[0]?.t??Number.POSITIVE_INFINITY;return[...wr(e,t),...i]}function mi(i,e){let t=new Map;if(!i||typeof i!="object")return t;for(let r of e){let n=i[r];Array.isArray(n)&&n.length&&n[0]&&typeof n[0]=="object"&&t.set(r,li(n[0]))}return t}function Qe(i,e,t=new Map){if(!Array.isArray(i))return[];let r=i.filter(s=>!!s&&typeof s=="object").map(s=>({t:typeof s.when=="string"?Date.parse(s.when):(g(s.when)??Number.NaN)*1e3,entityId:typeof s.entity_id=="string"?s.entity_id:"",state:typeof s.state=="string"?s.state:"",name:typeof s.name=="string"?s.name:""})).filter(s=>Number.isFinite(s.t)&&e.has(s.entityId)&&s.state).sort((s,o)=>s.t-o.t),n=new Map(t),a=[];for(let s of r){if(gr.has(s.state))continue;let o=n.get(s.entityId);if(n.set(s.entityId,s.state),s.state===o)continue;let l=e.get(s.entityId)||s.name||s.entityId;Xe.has(s.state)&&!(o&&Xe.has(o))?a.push({t:s.t,kind:"shed",entityId:s.entityId,name:l,state:s.state}):fr.has(s.state)&&o&&Xe.has(o)&&a.push({t:s.t,kind:"restore",entityId:s.entityId,name:l,state:s.state})}return a}function et(i,e){let t=null;for(let r of i){if(r.t>e)break;t=r.v}return t}function ci(...i){let e=0;for(let t of i)for(let r of t)r.v!==null&&r.v<e&&(e=r.v);return e}function pi(...i){let e=0;for(let t of i)for(let r of t)r.v!==null&&r.v>e&&(e=r.v);return e}function hi(i,e=0){let t=Math.min(e*1.1,0),r=Math.max(i*1.1,t+1e3,0),n=[250,500,1e3,2e3,2500,5e3,1e4,2e4,25e3,5e4,1e5],a=r-t,s=n.find(p=>a/p<=5)??Math.ceil(a/5/1e5)*1e5,o=Math.ceil(r/s)*s,l=Math.floor(t/s)*s||0,m=[];for(let p=l;p<=o+1e-9;p+=s)m.push(p);return{min:l,max:o,ticks:m}}function br(i){let e=null;try{e=new Intl.DateTimeFormat("en-GB",{hour:"2-digit",minute:"2-digit",hourCycle:"h23",timeZone:i})}catch{}return t=>{if(!e){let a=new Date(t);return[a.getHours(),a.getMinutes()]}let r=e.formatToParts(t),n=a=>Number(r.find(s=>s.type===a)?.value);return[n("hour"),n("minute")]}}function fi(i,e,t,r=6){let s=(e-i)/36e5,o=[1,2,3,6,12,24,48].find(p=>s/p<=r)??24,l=br(t),m=[];for(let p=Math.floor(i/9e5)*9e5+9e5;p<e;p+=9e5){let[d,f]=l(p);f===0&&(o>=24?d===0:d%o===0)&&m.push(p)}return m}function tt(i,e,t){let r=[],n=[],a=i.filter(s=>s.t<=t);return a.forEach((s,o)=>{let l=Math.max(s.t,e),m=Math.min(o+1<a.length?a[o+1].t:t,t);if(m<=e||s.v===null){n.length&&r.push(n),n=[];return}m>l&&n.push({t0:l,t1:m,v:s.v})}),n.length&&r.push(n),r}var E=i=>i.toFixed(1);function Le(i,e,t,r=!1){return i.map(n=>{let a=n[n.length-1];return r?`${n.map((o,l)=>`${l===0?"M":"L"}${E(e(o.t0))},${E(t(o.v))}`).join("")}L${E(e(a.t1))},${E(t(a.v))}`:n.map((s,o)=>`${o===0?`M${E(e(s.t0))},`:"V"}${E(t(s.v))}H${E(e(s.t1))}`).join("")}).join("")}function gi(i,e,t,r,n=!1){return i.map(a=>{let s=a[0],o=Le([a],e,t,n).replace(/^M/,"L");return`M${E(e(s.t0))},${E(r)}${o}V${E(r)}Z`}).join("")}function vi(i,e,t,r){let n=Math.max(1,Math.floor(r));if(i.length<=n*2)return i;let a=(t-e)/n,s=[],o=Number.NaN,l=0,m=null,p=null,d=()=>{if(m)if(p&&p.v!==null&&m.v!==null&&p.v<0&&p.v<m.v){let[f,h]=p.t<m.t?[p,m]:[m,p];s.push({t:l,v:f.v},{t:l+a/2,v:h.v})}else s.push({t:l,v:m.v})};for(let f of i){let h=f.t<e?-1:Math.floor((f.t-e)/a);h!==o||m===null?(d(),o=h,l=h<0?f.t:e+h*a,m={...f},p=h<0?null:{...f}):h<0?(l=f.t,m={...f}):f.v!==null&&((m.v===null||f.v>m.v)&&(m={...f}),p&&(p.v===null||f.v<p.v)&&(p={...f}))}return d(),s}var ze=190,W=18,yr=22,P=46,xr=8;function $r(i){return ue(i).timeZone}function _i(i,e){let t=ue(i),r={hour:e?"numeric":"2-digit",minute:e?void 0:"2-digit",hour12:t.hour12,timeZone:t.timeZone};try{return new Intl.DateTimeFormat(i.locale?.language||i.language||"en",r)}catch{return new Intl.DateTimeFormat("en",{hour:"2-digit",minute:"2-digit"})}}function wi(i,e,t,r,n){let a=t.locale?.language||t.language||"en",s=Math.max(e-32,240),o=s-P-xr,l=ze-yr,{min:m,max:p,ticks:d}=hi(pi(i.power,i.limit),ci(i.power,i.limit)),f=Math.max(i.end-i.start,1),h=v=>P+(v-i.start)/f*o,w=v=>l-(Math.max(m,Math.min(v,p))-m)/(p-m)*(l-W),A=_i(t,!1),j=_i(t,!0),y=tt(vi(i.power,i.start,i.end,o/2),i.start,i.end),T=tt(i.limit,i.start,i.end),st=i.events.filter(v=>v.kind==="shed").length,Ii=i.events.length-st;if(!y.length&&!T.length)return u`<div class="message" data-role="empty">${r("timeline.no_data")}</div>`;let Di=v=>{let R=v.currentTarget.getBoundingClientRect(),ee=(v.clientX-R.left)/R.width*s;n.set(ee<P||ee>P+o?null:i.start+(ee-P)/o*f)},S=n.t;return u`
    <div class="chart">
      <svg
        viewBox="0 0 ${s} ${ze}"
        width=${s}
        height=${ze}
        role="img"
        aria-label=${`${r("timeline.power")} / ${r("timeline.limit")}`}
        @pointermove=${Di}
        @pointerleave=${()=>n.set(null)}
      >
        ${d.map(v=>le`<line class=${v===0&&m<0?"grid zero":"grid"} x1=${P} x2=${P+o} y1=${w(v)} y2=${w(v)}></line>
            <text class="ylabel" x=${P-6} y=${w(v)+4}>${Ct(v,a)}</text>`)}
        ${fi(i.start,i.end,$r(t),Math.max(2,Math.floor(o/64))).map(v=>le`<line class="grid vgrid" x1=${h(v)} x2=${h(v)} y1=${W} y2=${l}></line>
            <text class="xlabel" x=${h(v)} y=${ze-6}>${j.format(v)}</text>`)}
        <path class="power-area" d=${gi(y,h,w,w(0),!0)}></path>
        <path class="power-line" data-series="power" d=${Le(y,h,w,!0)}></path>
        <path class="limit-line" data-series="limit" d=${Le(T,h,w)}></path>
        ${i.events.map(v=>{let R=h(v.t),ee=v.kind==="shed"?`M${R-5},${W-12}h10l-5,8z`:`M${R-5},${W-4}h10l-5,-8z`;return le`<g class="event ${v.kind}" data-kind=${v.kind} data-entity=${v.entityId}>
            <title>${A.format(v.t)} ${v.name}: ${r(v.kind==="shed"?"timeline.shed":"timeline.restored")}</title>
            <line x1=${R} x2=${R} y1=${W} y2=${l}></line>
            <path d=${ee}></path>
          </g>`})}
        ${S===null?c:le`<line class="cursor" x1=${h(S)} x2=${h(S)} y1=${W} y2=${l}></line>`}
      </svg>
      ${S===null?c:u`<div class="readout" style=${h(S)>s/2?`right:${s-h(S)+8}px`:`left:${h(S)+8}px`}>
            <b>${A.format(S)}</b>
            <span>${r("timeline.power")}: ${_(et(i.power,S),a)}</span>
            <span>${r("timeline.limit")}: ${_(et(i.limit,S),a)}</span>
          </div>`}
    </div>
    <div class="legend">
      <span><i class="swatch power"></i>${r("timeline.power")}</span>
      <span><i class="swatch limit"></i>${r("timeline.limit")}</span>
      <span data-role="event-count"><i class="tri shed">▼</i>${r("timeline.shed")} ${st}</span>
      <span><i class="tri restore">▲</i>${r("timeline.restored")} ${Ii}</span>
    </div>
  `}var bi=b`
  .subtitle {
    font-size: 13px;
    white-space: nowrap;
  }
  .chart {
    position: relative;
    margin-top: 10px;
    touch-action: pan-y;
  }
  svg {
    display: block;
    max-width: 100%;
    height: auto;
    overflow: visible;
  }
  .grid {
    stroke: var(--cm-line);
    stroke-width: 1;
  }
  .vgrid {
    stroke-dasharray: 2 3;
  }
  .grid.zero {
    stroke: var(--cm-muted);
  }
  text {
    fill: var(--cm-muted);
    font-size: 11px;
    font-family: inherit;
  }
  .ylabel {
    text-anchor: end;
  }
  .xlabel {
    text-anchor: middle;
  }
  .power-area {
    fill: color-mix(in srgb, var(--primary-color, #03a9f4) 18%, transparent);
    stroke: none;
  }
  .power-line {
    fill: none;
    stroke: var(--primary-color, #03a9f4);
    stroke-width: 1.5;
    stroke-linejoin: round;
  }
  .limit-line {
    fill: none;
    stroke: var(--cm-over);
    stroke-width: 2;
    stroke-dasharray: 6 4;
  }
  .event line {
    stroke-width: 1;
    opacity: 0.45;
  }
  .event.shed line {
    stroke: var(--cm-over);
  }
  .event.shed path {
    fill: var(--cm-over);
  }
  .event.restore line {
    stroke: var(--cm-ok);
  }
  .event.restore path {
    fill: var(--cm-ok);
  }
  .cursor {
    stroke: var(--cm-text);
    stroke-width: 1;
    opacity: 0.5;
  }
  .readout {
    position: absolute;
    top: ${W}px;
    display: flex;
    flex-direction: column;
    gap: 1px;
    padding: 6px 8px;
    border-radius: 8px;
    font-size: 12px;
    white-space: nowrap;
    pointer-events: none;
    color: var(--cm-text);
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border: 1px solid var(--cm-line);
    box-shadow: 0 2px 6px rgba(0, 0, 0, 0.15);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    margin-top: 6px;
    font-size: 12px;
    color: var(--cm-muted);
  }
  .legend span {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
  }
  .swatch {
    display: inline-block;
    width: 14px;
    height: 3px;
    border-radius: 2px;
  }
  .swatch.power {
    background: var(--primary-color, #03a9f4);
  }
  .swatch.limit {
    background: var(--cm-over);
  }
  .tri {
    font-style: normal;
    font-size: 10px;
  }
  .tri.shed {
    color: var(--cm-over);
  }
  .tri.restore {
    color: var(--cm-ok);
  }
`;var Me="capacity-manager-timeline-card",rt="capacity-manager-timeline-card-editor",kr=5*6e4,Ar=24;function it(i){return i.loads.map(e=>e.entities.load_status).filter(e=>!!e)}var X=class extends x{constructor(){super(...arguments);this._error=!1;this._width=0;this._hover=null;this._live=[];this._liveFrom=new Map;this._loading=!1;this._loadedFor="";this._cache=new K}static getConfigElement(){return document.createElement(rt)}static getStubConfig(t){return{type:`custom:${Me}`,...ye(t)}}setConfig(t){Je(t);let r=t.hours_to_show;if(r!==void 0&&(typeof r!="number"||!(r>=1&&r<=168)))throw new Error("Invalid configuration: hours_to_show must be a number from 1 to 168.");this._config={...t}}getCardSize(){return 4}getGridOptions(){return{columns:12,min_columns:6}}get _hours(){return this._config?.hours_to_show??Ar}connectedCallback(){super.connectedCallback(),this._timer=window.setInterval(()=>{this._load(!0)},kr),this._resize=new ResizeObserver(t=>{let r=Math.floor(t[0]?.contentRect.width??0);r&&r!==this._width&&(this._width=r)}),this._resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),window.clearInterval(this._timer),this._resize?.disconnect()}shouldUpdate(t){if(t.size===1&&t.has("hass")){let r=t.get("hass"),n=this._found(),a=n?[n.site.site_power,n.site.effective_limit,...it(n)]:[];return!r||a.some(s=>s&&r.states[s]!==this.hass?.states[s])||r.language!==this.hass?.language}return!0}willUpdate(t){let r=t.get("hass"),n=this.hass,a=this._found();if(!r||!n||!a||!this._data)return;let s=this._data.end,o=it(a).filter(l=>n.states[l]&&r.states[l]?.state!==n.states[l]?.state).map(l=>{let m=n.states[l];return{when:Math.max(Date.parse(m.last_changed)||Date.now(),s+1)/1e3,entity_id:l,state:m.state}});o.length&&(this._live=[...this._live,...o])}updated(){let t=this._found(),r=JSON.stringify([t?.panelDeviceId,this._hours]);this.hass&&t&&r!==this._loadedFor&&(this._loadedFor=r,this._load(!1))}_found(){return this._cache.get(this.hass,this._config)}async _load(t){let r=this.hass,n=this._found();if(!r||!n||this._loading)return;let a=n.site.site_power,s=n.site.effective_limit,o=it(n),l=Date.now(),m=l-this._hours*36e5,p={start_time:new Date(m).toISOString(),end_time:new Date(l).toISOString()};this._loading=!0;try{let[d,f,h]=await Promise.all([r.connection.sendMessagePromise({type:"history/history_during_period",...p,entity_ids:[a,s,...o].filter(Boolean),minimal_response:!0,no_attributes:!0,significant_changes_only:!1}),o.length?r.connection.sendMessagePromise({type:"logbook/get_events",...p,entity_ids:o}):Promise.resolve([]),r.connection.sendMessagePromise({type:"recorder/statistics_during_period",start_time:new Date(Math.floor(m/36e5)*36e5).toISOString(),end_time:p.end_time,statistic_ids:[a,s].filter(Boolean),period:"hour",types:["mean"],units:{power:"W"}}).catch(()=>({}))]),w=new Map(n.loads.map(y=>[y.entities.load_status,y.name])),A=y=>y?ui(di(d?.[y],Ze(r.states[y])),h?.[y]):[];this._data={start:m,end:l,power:A(a),limit:A(s),events:Qe(f,w,mi(d,o))};let j=this.hass??r;this._liveFrom=new Map(o.map(y=>[y,j.states[y]?.state??""])),this._live=[],this._error=!1}catch(d){(!t||!this._data)&&(this._error=!0),console.warn("capacity-manager-timeline-card: history could not be loaded",d)}finally{this._loading=!1}}_liveData(t){let r=this._data,n=this.hass;if(!r||!n)return r;let a=Math.max(Date.now(),r.end),s=a-this._hours*36e5,o=(d,f)=>{let h=f?Z(n.states[f]):null;return h===null?d:[...d,{t:a,v:h}]},l=new Map(t.loads.map(d=>[d.entities.load_status,d.name])),m=Qe(this._live,l,this._liveFrom),p=[...r.events,...m].filter(d=>d.t>=s);return{start:s,end:a,power:o(r.power,t.site.site_power),limit:o(r.limit,t.site.effective_limit),events:p}}render(){if(!this._config||!this.hass)return c;let t=$(this.hass.language),r=this._found(),n=this._config.title||de(r?.panelDeviceId?this.hass.devices[r.panelDeviceId]:void 0)||t("timeline.name"),a;if(!r)a=u`<div class="message" data-role="error">${t("error.not_found")}</div>`;else if(this._error)a=u`<div class="message" data-role="error">${t("timeline.error")}</div>`;else{let s=this._liveData(r);a=s?wi(s,this._width,this.hass,t,{t:this._hover,set:o=>this._hover=o}):u`<div class="message" data-role="loading">${t("timeline.loading")}</div>`}return u`
      <ha-card>
        <div class="header">
          <span class="title">${n}</span>
          <span class="muted subtitle">${t("timeline.hours",{hours:this._hours})}</span>
        </div>
        ${a}
      </ha-card>
    `}};X.properties={hass:{attribute:!1},_config:{state:!0},_data:{state:!0},_error:{state:!0},_width:{state:!0},_hover:{state:!0},_live:{state:!0}},X.styles=[ke,bi];var $i="simulate",ki="simulate_cancel",Ai="capacity_manager_simulate_progress",Si="simulate_cancelled",ge=31;function Ei(){return{period:"last",days:"7",start:"",end:"",limit:"",unit:"kW",excluded:[]}}function Ti(i){return g(i.trim().replace(",","."))}function yi(i){return/^\d{4}-\d{2}-\d{2}$/.test(i)&&!Number.isNaN(Date.parse(`${i}T00:00:00Z`))}function Sr(i){let e=new Date(`${i}T00:00:00Z`);return e.setUTCDate(e.getUTCDate()+1),e.toISOString().slice(0,10)}function nt(i,e){if(!i.limit.trim())return null;let t=Ti(i.limit);return t===null||t<=0?"invalid":Math.round(i.unit==="A"?t*e:t*1e3)}function Ci(i,e,t,r,n){let a={config_entry_id:e};if(i.period==="last"){let l=Ti(i.days);if(l===null||!Number.isInteger(l)||l<1||l>ge)return{error:"whatif.error.days"};a.start=new Date(n.getTime()-l*864e5).toISOString(),a.end=n.toISOString()}else{if(!yi(i.start)||!yi(i.end))return{error:"whatif.error.dates"};if(i.end<i.start)return{error:"whatif.error.order"};if((Date.parse(i.end)-Date.parse(i.start))/864e5+1>ge)return{error:"whatif.error.days"};a.start=`${i.start} 00:00:00`,a.end=`${Sr(i.end)} 00:00:00`}let s=nt(i,r);if(s==="invalid")return{error:"whatif.error.limit"};s!==null&&(a.limit=s);let o=t.filter(l=>!i.excluded.includes(l.ref));return t.length&&!o.length?{error:"whatif.error.loads"}:(o.length<t.length&&(a.loads=o.map(l=>l.ref)),{data:a})}function Li(i,e){let t=i?.data;if(!t||t.config_entry_id!==e)return null;let r=g(t.done)??0,n=Math.max(1,g(t.total)??1);return t.stage==="history"?r>=n?{fraction:.9,text:"whatif.progress.simulating",vars:{}}:{fraction:.9*r/n,text:"whatif.progress.history",vars:{done:r,total:n}}:t.stage==="simulate"?{fraction:1,text:"whatif.progress.simulating",vars:{}}:null}function V(i){return i&&typeof i=="object"&&!Array.isArray(i)?i:{}}function xi(i){let e=V(i),t=r=>g(e[r])??0;return{minutesAbove:t("minutes_above_limit"),unavoidableMinutes:t("unavoidable_minutes_above_limit"),overloads:t("overload_events"),maxOvershootW:t("max_overshoot_w"),energyAboveKwh:t("energy_above_limit_kwh"),sheds:t("sheds"),deferredKwh:t("energy_deferred_kwh"),unservedKwh:t("energy_unserved_kwh"),evSessions:t("ev_sessions"),evDelayed:t("ev_sessions_delayed"),evMeanDelayMin:t("ev_mean_delay_min")}}function zi(i){let e=V(i),t=V(e.managed),r=Object.entries(V(t.per_load)).map(([s,o])=>{let l=V(o);return{name:s,sheds:g(l.sheds)??0,minutes:g(l.shed_minutes)??0,deferredKwh:g(l.energy_deferred_kwh)??0}}).sort((s,o)=>o.minutes-s.minutes||o.sheds-s.sheds||s.name.localeCompare(o.name)),n=(Array.isArray(e.loads)?e.loads:[]).map(V).filter(s=>s.simulated===!1&&typeof s.load=="string").map(s=>String(s.load)),a={};for(let[s,o]of Object.entries(V(e.resolution_days))){let l=g(o);l&&(a[s]=l)}return{start:typeof e.start=="string"?e.start:null,end:typeof e.end=="string"?e.end:null,limitW:g(e.limit_w),managed:xi(e.managed),unmanaged:xi(e.uncontrolled),perLoad:r,notSimulated:n,resolution:a}}function Er(i){let e=Math.max(0,Math.round(i));return{hours:Math.floor(e/60),minutes:e%60}}function Mi(i,e){if(i>0&&i<.5)return e("duration.under_minute");let{hours:t,minutes:r}=Er(i);return t?e("duration.hours",{h:t,m:r}):e("duration.minutes",{m:r})}function Pi(i,e,t,r){let n=_(i.limitW,e),{managed:a,unmanaged:s}=i,o=d=>Mi(d,t),l=a.minutesAbove<=0?t("whatif.verdict.ok",{limit:n}):t("whatif.verdict.over",{limit:n,time:o(a.minutesAbove)}),m=[["above",t("whatif.row.above"),d=>o(d.minutesAbove)],["overloads",t("whatif.row.overloads"),d=>k(d.overloads,e)],["overshoot",t("whatif.row.overshoot"),d=>_(d.maxOvershootW,e)],["energy-above",t("whatif.row.energy_above"),d=>xe(d.energyAboveKwh,e)]],p=Object.entries(i.resolution).map(([d,f])=>{let h=`whatif.resolution.${d}`,w=t(h,{n:f});return w===h?`${d.replace(/_/g," ")} (${f} d)`:w}).join(", ");return u`<div
    data-role="result"
    data-start=${i.start??""}
    data-end=${i.end??""}
    data-limit-w=${i.limitW??""}
    data-progress-events=${r}
  >
    <p class="verdict ${a.minutesAbove<=0?"ok":""}" data-role="verdict">${l}</p>
    ${a.unavoidableMinutes>0?u`<p class="muted small">${t("whatif.unavoidable",{time:o(a.unavoidableMinutes)})}</p>`:c}
    <table class="compare">
      <thead>
        <tr>
          <th></th>
          <th>${t("whatif.managed")}</th>
          <th>${t("whatif.unmanaged")}</th>
        </tr>
      </thead>
      <tbody>
        ${m.map(([d,f,h])=>u`<tr data-row=${d}>
            <td>${f}</td>
            <td data-value="managed">${h(a)}</td>
            <td data-value="unmanaged">${h(s)}</td>
          </tr>`)}
      </tbody>
    </table>
    <dl>
      <dt>${t("whatif.deferred")}</dt>
      <dd data-value="deferred">${xe(a.deferredKwh,e)}</dd>
      <dt>${t("whatif.unserved")}</dt>
      <dd data-value="unserved">${xe(a.unservedKwh,e)}</dd>
      <dt>${t("whatif.ev_delayed")}</dt>
      <dd data-value="ev-delayed">
        ${t("whatif.ev_of",{n:a.evDelayed,total:a.evSessions})}
      </dd>
    </dl>
    ${i.perLoad.length?u`<table class="per-load">
          <thead>
            <tr>
              <th>${t("whatif.load")}</th>
              <th>${t("whatif.sheds")}</th>
              <th>${t("whatif.shed_time")}</th>
            </tr>
          </thead>
          <tbody>
            ${i.perLoad.map(d=>u`<tr data-load=${d.name}>
                <td>${d.name}</td>
                <td data-value="sheds">${k(d.sheds,e)}</td>
                <td data-value="minutes">${o(d.minutes)}</td>
              </tr>`)}
          </tbody>
        </table>`:c}
    ${i.notSimulated.length?u`<p class="muted small" data-role="not-simulated">
          ${t("whatif.not_simulated",{loads:i.notSimulated.join(", ")})}
        </p>`:c}
    ${p?u`<p class="muted small" data-role="resolution">${t("whatif.history",{days:p})}</p>`:c}
  </div>`}var Ri="capacity-manager-what-if",Q=class extends x{constructor(){super(...arguments);this.entryId=null;this.loads=[];this.voltsBasis=230;this.voltsAssumed=!0;this.currentLimitW=null;this._form=Ei();this._running=!1;this._progress=null;this._result=null;this._error=null;this._cancelled=!1;this._events=0}shouldUpdate(t){if(t.size===1&&t.has("hass")){let r=t.get("hass");return!r||r.language!==this.hass?.language}return!0}get _localize(){return $(this.hass?.language)}get _lang(){return this.hass?.locale?.language||this.hass?.language||"en"}_set(t){this._form={...this._form,...t},this._error=null}_toggleLoad(t,r){let n=this._form.excluded.filter(a=>a!==t);this._set({excluded:r?n:[...n,t]})}async run(){let t=this.hass,r=this.entryId;if(!t||!r||this._running)return;let n=this._localize,a=Ci(this._form,r,this.loads,this.voltsBasis,new Date);if("error"in a){this._error=n(a.error,{days:ge});return}this._running=!0,this._error=null,this._result=null,this._cancelled=!1,this._events=0,this._progress={fraction:0,text:"whatif.progress.start",vars:{}};let s=await ti(t,Ai,o=>{let l=Li(o,r);l&&this._running&&(this._events+=1,this._progress=l)});s||(this._progress={fraction:0,text:"whatif.progress.simulating",vars:{}});try{this._result=zi(await pe(t,$i,a.data))}catch(o){let l=he(o);l.key===Si?this._cancelled=!0:this._error=await fe(t,l,n("whatif.error.failed"))}finally{s?.(),this._running=!1,this._progress=null}}async cancel(){if(!(!this.hass||!this.entryId||!this._running))try{await pe(this.hass,ki,{config_entry_id:this.entryId})}catch(t){this._error=await fe(this.hass,he(t),this._localize("whatif.error.failed"))}}_limitHint(t){let r=this._form;if(!r.limit.trim())return this.currentLimitW===null?t("whatif.limit_default_plain"):t("whatif.limit_default",{limit:_(this.currentLimitW,this._lang)});let n=nt(r,this.voltsBasis);return r.unit!=="A"||typeof n!="number"?"":t(this.voltsAssumed?"whatif.amps_assumed":"whatif.amps",{power:_(n,this._lang),volts:k(this.voltsBasis,this._lang)})}_renderForm(t){let r=this._form,n=this._running,a=s=>s.target.value;return u`
      <div class="row">
        <span class="label">${t("whatif.period")}</span>
        <div class="segmented" role="group" aria-label=${t("whatif.period")}>
          ${["last","range"].map(s=>u`<button
              data-period=${s}
              aria-pressed=${r.period===s?"true":"false"}
              ?disabled=${n}
              @click=${()=>this._set({period:s})}
            >
              ${t(s==="last"?"whatif.period_last":"whatif.period_range")}
            </button>`)}
        </div>
        ${r.period==="last"?u`<input
                type="number"
                name="days"
                min="1"
                max=${ge}
                step="1"
                aria-label=${t("whatif.days")}
                .value=${r.days}
                ?disabled=${n}
                @input=${s=>this._set({days:a(s)})}
              /><span class="muted">${t("whatif.days")}</span>`:u`<input
                type="date"
                name="start"
                aria-label=${t("whatif.start")}
                .value=${r.start}
                ?disabled=${n}
                @input=${s=>this._set({start:a(s)})}
              /><span class="muted">–</span
              ><input
                type="date"
                name="end"
                aria-label=${t("whatif.end")}
                .value=${r.end}
                ?disabled=${n}
                @input=${s=>this._set({end:a(s)})}
              />`}
      </div>
      <div class="row">
        <label class="label" for="limit">${t("whatif.limit")}</label>
        <input
          id="limit"
          name="limit"
          inputmode="decimal"
          autocomplete="off"
          placeholder=${this.currentLimitW===null?"":k(this.currentLimitW/1e3,this._lang,1)}
          .value=${r.limit}
          ?disabled=${n}
          @input=${s=>this._set({limit:a(s)})}
        />
        <select
          name="unit"
          aria-label=${t("whatif.unit")}
          ?disabled=${n}
          @change=${s=>this._set({unit:a(s)==="A"?"A":"kW"})}
        >
          <option value="kW" ?selected=${r.unit==="kW"}>kW</option>
          <option value="A" ?selected=${r.unit==="A"}>A</option>
        </select>
        <span class="muted small" data-role="limit-hint">${this._limitHint(t)}</span>
      </div>
      ${this.loads.length?u`<div class="row">
            <span class="label">${t("whatif.loads")}</span>
            <div class="loads">
              ${this.loads.map(s=>u`<label
                  ><input
                    type="checkbox"
                    data-load=${s.ref}
                    .checked=${!r.excluded.includes(s.ref)}
                    ?disabled=${n}
                    @change=${o=>this._toggleLoad(s.ref,o.target.checked)}
                  />${s.name}</label
                >`)}
            </div>
          </div>`:c}
      <div class="row">
        ${n?u`<button class="cancel" data-action="cancel" @click=${()=>this.cancel()}>${t("whatif.cancel")}</button>`:u`<button class="primary" data-action="run" ?disabled=${!this.entryId} @click=${()=>this.run()}>
              ${t("whatif.run")}
            </button>`}
      </div>
    `}_renderProgress(t){let r=this._progress;return r?u`<div data-role="progress" data-stage=${r.text}>
      <div
        class="bar"
        role="progressbar"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(r.fraction*100)}
      >
        <div style="width:${Math.round(r.fraction*100)}%"></div>
      </div>
      <span class="muted small">${t(r.text,r.vars)}</span>
    </div>`:c}render(){let t=this._localize;return u`
      <p class="muted small">${t("whatif.intro")}</p>
      ${this._renderForm(t)} ${this._renderProgress(t)}
      ${this._error?u`<p class="error" role="alert" data-role="error">${this._error}</p>`:c}
      ${this._cancelled?u`<p class="muted" data-role="cancelled">${t("whatif.cancelled")}</p>`:c}
      ${this._result?Pi(this._result,this._lang,t,this._events):c}
    `}};Q.properties={hass:{attribute:!1},entryId:{attribute:!1},loads:{attribute:!1},voltsBasis:{attribute:!1},voltsAssumed:{attribute:!1},currentLimitW:{attribute:!1},_form:{state:!0},_running:{state:!0},_progress:{state:!0},_result:{state:!0},_error:{state:!0},_cancelled:{state:!0}},Q.styles=Se;var Tr="https://github.com/capacity-manager/capacity-manager",Cr=[[Ee,q],[Ye,Te],[Me,X],[rt,Ce],[Ri,Q],[ai,J]];function Lr(){for(let[i,e]of Cr)customElements.get(i)||customElements.define(i,e)}function zr(){let i=$(document.documentElement.lang||navigator.language),e=window.customCards??=[],t=[{type:Ee,name:i("card.name"),description:i("card.description")},{type:Me,name:i("timeline.name"),description:i("timeline.description")}];for(let r of t)e.some(n=>n.type===r.type)||e.push({...r,preview:!0,documentationURL:Tr})}zr();customElements.whenDefined("home-assistant").then(Lr);
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
