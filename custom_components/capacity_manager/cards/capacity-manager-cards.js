var ge=globalThis,ve=ge.ShadowRoot&&(ge.ShadyCSS===void 0||ge.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,Me=Symbol(),nt=new WeakMap,te=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==Me)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(ve&&e===void 0){let r=t!==void 0&&t.length===1;r&&(e=nt.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),r&&nt.set(t,e))}return e}toString(){return this.cssText}},st=i=>new te(typeof i=="string"?i:i+"",void 0,Me),b=(i,...e)=>{let t=i.length===1?i[0]:e.reduce((r,n,s)=>r+(a=>{if(a._$cssResult$===!0)return a.cssText;if(typeof a=="number")return a;throw Error("Value passed to 'css' function must be a 'css' function result: "+a+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(n)+i[s+1],i[0]);return new te(t,i,Me)},at=(i,e)=>{if(ve)i.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let r=document.createElement("style"),n=ge.litNonce;n!==void 0&&r.setAttribute("nonce",n),r.textContent=t.cssText,i.appendChild(r)}},Pe=ve?i=>i:i=>i instanceof CSSStyleSheet?(e=>{let t="";for(let r of e.cssRules)t+=r.cssText;return st(t)})(i):i;var{is:Pi,defineProperty:Ri,getOwnPropertyDescriptor:Ii,getOwnPropertyNames:Di,getOwnPropertySymbols:Hi,getPrototypeOf:Ni}=Object,_e=globalThis,ot=_e.trustedTypes,Oi=ot?ot.emptyScript:"",Wi=_e.reactiveElementPolyfillSupport,ie=(i,e)=>i,Re={toAttribute(i,e){switch(e){case Boolean:i=i?Oi:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,e){let t=i;switch(e){case Boolean:t=i!==null;break;case Number:t=i===null?null:Number(i);break;case Object:case Array:try{t=JSON.parse(i)}catch{t=null}}return t}},dt=(i,e)=>!Pi(i,e),lt={attribute:!0,type:String,converter:Re,reflect:!1,useDefault:!1,hasChanged:dt};Symbol.metadata??=Symbol("metadata"),_e.litPropertyMetadata??=new WeakMap;var T=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=lt){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let r=Symbol(),n=this.getPropertyDescriptor(e,r,t);n!==void 0&&Ri(this.prototype,e,n)}}static getPropertyDescriptor(e,t,r){let{get:n,set:s}=Ii(this.prototype,e)??{get(){return this[t]},set(a){this[t]=a}};return{get:n,set(a){let o=n?.call(this);s?.call(this,a),this.requestUpdate(e,o,r)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??lt}static _$Ei(){if(this.hasOwnProperty(ie("elementProperties")))return;let e=Ni(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(ie("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(ie("properties"))){let t=this.properties,r=[...Di(t),...Hi(t)];for(let n of r)this.createProperty(n,t[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[r,n]of t)this.elementProperties.set(r,n)}this._$Eh=new Map;for(let[t,r]of this.elementProperties){let n=this._$Eu(t,r);n!==void 0&&this._$Eh.set(n,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let r=new Set(e.flat(1/0).reverse());for(let n of r)t.unshift(Pe(n))}else e!==void 0&&t.push(Pe(e));return t}static _$Eu(e,t){let r=t.attribute;return r===!1?void 0:typeof r=="string"?r:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let r of t.keys())this.hasOwnProperty(r)&&(e.set(r,this[r]),delete this[r]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return at(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,r){this._$AK(e,r)}_$ET(e,t){let r=this.constructor.elementProperties.get(e),n=this.constructor._$Eu(e,r);if(n!==void 0&&r.reflect===!0){let s=(r.converter?.toAttribute!==void 0?r.converter:Re).toAttribute(t,r.type);this._$Em=e,s==null?this.removeAttribute(n):this.setAttribute(n,s),this._$Em=null}}_$AK(e,t){let r=this.constructor,n=r._$Eh.get(e);if(n!==void 0&&this._$Em!==n){let s=r.getPropertyOptions(n),a=typeof s.converter=="function"?{fromAttribute:s.converter}:s.converter?.fromAttribute!==void 0?s.converter:Re;this._$Em=n;let o=a.fromAttribute(t,s.type);this[n]=o??this._$Ej?.get(n)??o,this._$Em=null}}requestUpdate(e,t,r,n=!1,s){if(e!==void 0){let a=this.constructor;if(n===!1&&(s=this[e]),r??=a.getPropertyOptions(e),!((r.hasChanged??dt)(s,t)||r.useDefault&&r.reflect&&s===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,r))))return;this.C(e,t,r)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:r,reflect:n,wrapped:s},a){r&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),s!==!0||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||r||(t=void 0),this._$AL.set(e,t)),n===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[n,s]of this._$Ep)this[n]=s;this._$Ep=void 0}let r=this.constructor.elementProperties;if(r.size>0)for(let[n,s]of r){let{wrapped:a}=s,o=this[n];a!==!0||this._$AL.has(n)||o===void 0||this.C(n,void 0,s,o)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(r=>r.hostUpdate?.()),this.update(t)):this._$EM()}catch(r){throw e=!1,this._$EM(),r}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};T.elementStyles=[],T.shadowRootOptions={mode:"open"},T[ie("elementProperties")]=new Map,T[ie("finalized")]=new Map,Wi?.({ReactiveElement:T}),(_e.reactiveElementVersions??=[]).push("2.1.2");var Ve=globalThis,ut=i=>i,we=Ve.trustedTypes,ct=we?we.createPolicy("lit-html",{createHTML:i=>i}):void 0,vt="$lit$",C=`lit$${Math.random().toFixed(9).slice(2)}$`,_t="?"+C,Vi=`<${_t}>`,H=document,ne=()=>H.createComment(""),se=i=>i===null||typeof i!="object"&&typeof i!="function",je=Array.isArray,ji=i=>je(i)||typeof i?.[Symbol.iterator]=="function",Ie=`[ 	
\f\r]`,re=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,mt=/-->/g,ht=/>/g,I=RegExp(`>|${Ie}(?:([^\\s"'>=/]+)(${Ie}*=${Ie}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),pt=/'/g,ft=/"/g,wt=/^(?:script|style|textarea|title)$/i,Fe=i=>(e,...t)=>({_$litType$:i,strings:e,values:t}),c=Fe(1),le=Fe(2),Tr=Fe(3),N=Symbol.for("lit-noChange"),m=Symbol.for("lit-nothing"),gt=new WeakMap,D=H.createTreeWalker(H,129);function bt(i,e){if(!je(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return ct!==void 0?ct.createHTML(e):e}var Fi=(i,e)=>{let t=i.length-1,r=[],n,s=e===2?"<svg>":e===3?"<math>":"",a=re;for(let o=0;o<t;o++){let l=i[o],u,h,d=-1,f=0;for(;f<l.length&&(a.lastIndex=f,h=a.exec(l),h!==null);)f=a.lastIndex,a===re?h[1]==="!--"?a=mt:h[1]!==void 0?a=ht:h[2]!==void 0?(wt.test(h[2])&&(n=RegExp("</"+h[2],"g")),a=I):h[3]!==void 0&&(a=I):a===I?h[0]===">"?(a=n??re,d=-1):h[1]===void 0?d=-2:(d=a.lastIndex-h[2].length,u=h[1],a=h[3]===void 0?I:h[3]==='"'?ft:pt):a===ft||a===pt?a=I:a===mt||a===ht?a=re:(a=I,n=void 0);let p=a===I&&i[o+1].startsWith("/>")?" ":"";s+=a===re?l+Vi:d>=0?(r.push(u),l.slice(0,d)+vt+l.slice(d)+C+p):l+C+(d===-2?o:p)}return[bt(i,s+(i[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),r]},ae=class i{constructor({strings:e,_$litType$:t},r){let n;this.parts=[];let s=0,a=0,o=e.length-1,l=this.parts,[u,h]=Fi(e,t);if(this.el=i.createElement(u,r),D.currentNode=this.el.content,t===2||t===3){let d=this.el.content.firstChild;d.replaceWith(...d.childNodes)}for(;(n=D.nextNode())!==null&&l.length<o;){if(n.nodeType===1){if(n.hasAttributes())for(let d of n.getAttributeNames())if(d.endsWith(vt)){let f=h[a++],p=n.getAttribute(d).split(C),w=/([.?@])?(.*)/.exec(f);l.push({type:1,index:s,name:w[2],strings:p,ctor:w[1]==="."?He:w[1]==="?"?Ne:w[1]==="@"?Oe:U}),n.removeAttribute(d)}else d.startsWith(C)&&(l.push({type:6,index:s}),n.removeAttribute(d));if(wt.test(n.tagName)){let d=n.textContent.split(C),f=d.length-1;if(f>0){n.textContent=we?we.emptyScript:"";for(let p=0;p<f;p++)n.append(d[p],ne()),D.nextNode(),l.push({type:2,index:++s});n.append(d[f],ne())}}}else if(n.nodeType===8)if(n.data===_t)l.push({type:2,index:s});else{let d=-1;for(;(d=n.data.indexOf(C,d+1))!==-1;)l.push({type:7,index:s}),d+=C.length-1}s++}}static createElement(e,t){let r=H.createElement("template");return r.innerHTML=e,r}};function F(i,e,t=i,r){if(e===N)return e;let n=r!==void 0?t._$Co?.[r]:t._$Cl,s=se(e)?void 0:e._$litDirective$;return n?.constructor!==s&&(n?._$AO?.(!1),s===void 0?n=void 0:(n=new s(i),n._$AT(i,t,r)),r!==void 0?(t._$Co??=[])[r]=n:t._$Cl=n),n!==void 0&&(e=F(i,n._$AS(i,e.values),n,r)),e}var De=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:r}=this._$AD,n=(e?.creationScope??H).importNode(t,!0);D.currentNode=n;let s=D.nextNode(),a=0,o=0,l=r[0];for(;l!==void 0;){if(a===l.index){let u;l.type===2?u=new oe(s,s.nextSibling,this,e):l.type===1?u=new l.ctor(s,l.name,l.strings,this,e):l.type===6&&(u=new We(s,this,e)),this._$AV.push(u),l=r[++o]}a!==l?.index&&(s=D.nextNode(),a++)}return D.currentNode=H,n}p(e){let t=0;for(let r of this._$AV)r!==void 0&&(r.strings!==void 0?(r._$AI(e,r,t),t+=r.strings.length-2):r._$AI(e[t])),t++}},oe=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,r,n){this.type=2,this._$AH=m,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=r,this.options=n,this._$Cv=n?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=F(this,e,t),se(e)?e===m||e==null||e===""?(this._$AH!==m&&this._$AR(),this._$AH=m):e!==this._$AH&&e!==N&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):ji(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==m&&se(this._$AH)?this._$AA.nextSibling.data=e:this.T(H.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:r}=e,n=typeof r=="number"?this._$AC(e):(r.el===void 0&&(r.el=ae.createElement(bt(r.h,r.h[0]),this.options)),r);if(this._$AH?._$AD===n)this._$AH.p(t);else{let s=new De(n,this),a=s.u(this.options);s.p(t),this.T(a),this._$AH=s}}_$AC(e){let t=gt.get(e.strings);return t===void 0&&gt.set(e.strings,t=new ae(e)),t}k(e){je(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,r,n=0;for(let s of e)n===t.length?t.push(r=new i(this.O(ne()),this.O(ne()),this,this.options)):r=t[n],r._$AI(s),n++;n<t.length&&(this._$AR(r&&r._$AB.nextSibling,n),t.length=n)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let r=ut(e).nextSibling;ut(e).remove(),e=r}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},U=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,r,n,s){this.type=1,this._$AH=m,this._$AN=void 0,this.element=e,this.name=t,this._$AM=n,this.options=s,r.length>2||r[0]!==""||r[1]!==""?(this._$AH=Array(r.length-1).fill(new String),this.strings=r):this._$AH=m}_$AI(e,t=this,r,n){let s=this.strings,a=!1;if(s===void 0)e=F(this,e,t,0),a=!se(e)||e!==this._$AH&&e!==N,a&&(this._$AH=e);else{let o=e,l,u;for(e=s[0],l=0;l<s.length-1;l++)u=F(this,o[r+l],t,l),u===N&&(u=this._$AH[l]),a||=!se(u)||u!==this._$AH[l],u===m?e=m:e!==m&&(e+=(u??"")+s[l+1]),this._$AH[l]=u}a&&!n&&this.j(e)}j(e){e===m?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},He=class extends U{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===m?void 0:e}},Ne=class extends U{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==m)}},Oe=class extends U{constructor(e,t,r,n,s){super(e,t,r,n,s),this.type=5}_$AI(e,t=this){if((e=F(this,e,t,0)??m)===N)return;let r=this._$AH,n=e===m&&r!==m||e.capture!==r.capture||e.once!==r.once||e.passive!==r.passive,s=e!==m&&(r===m||n);n&&this.element.removeEventListener(this.name,this,r),s&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},We=class{constructor(e,t,r){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=r}get _$AU(){return this._$AM._$AU}_$AI(e){F(this,e)}};var Ui=Ve.litHtmlPolyfillSupport;Ui?.(ae,oe),(Ve.litHtmlVersions??=[]).push("3.3.3");var yt=(i,e,t)=>{let r=t?.renderBefore??e,n=r._$litPart$;if(n===void 0){let s=t?.renderBefore??null;r._$litPart$=n=new oe(e.insertBefore(ne(),s),s,void 0,t??{})}return n._$AI(i),n};var Ue=globalThis,x=class extends T{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=yt(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return N}};x._$litElement$=!0,x.finalized=!0,Ue.litElementHydrateSupport?.({LitElement:x});var Ki=Ue.litElementPolyfillSupport;Ki?.({LitElement:x});(Ue.litElementVersions??=[]).push("4.2.2");var B="capacity_manager",xt={site_power:"sensor",effective_limit:"sensor",headroom:"sensor",status:"sensor",loads_shed:"sensor",curtailed_energy:"sensor",last_action:"sensor",overload:"binary_sensor",mode:"select",limit_override:"number",restore_all:"button",grid_export_limit:"sensor"},Bi={load_status:"sensor",managed:"switch",priority:"number"};function Gi(i){return i.slice(0,i.indexOf("."))}function $t(i){return Object.values(i.entities??{}).filter(e=>e.platform===B)}function Ke(i,e){let t=i.translation_key;return!t||!(t in e)?null:e[t]===Gi(i.entity_id)?t:null}function de(i){return i?.name_by_user||i?.name||null}function kt(i,e){let t=i.devices??{};if(e.device_id)return e.device_id in t?e.device_id:null;let r=$t(i).filter(n=>{let s=Ke(n,xt);return(s==="site_power"||s==="mode")&&n.device_id}).map(n=>n.device_id).filter(n=>{let s=t[n];return s?!e.entry_id||(s.config_entries??[]).includes(e.entry_id):!1});return r.length?[...new Set(r)].sort()[0]:null}function qi(i,e){let t=kt(i,e);if(!t)return null;let r=i.devices??{},n={},s=new Map;for(let o of $t(i).sort((l,u)=>l.entity_id.localeCompare(u.entity_id))){let l=o.device_id??null;if(!l)continue;if(l===t){let d=Ke(o,xt);d&&!n[d]&&(n[d]=o.entity_id);continue}if(r[l]?.via_device_id!==t)continue;let u=Ke(o,Bi);if(!u)continue;let h=s.get(l);h||(h={deviceId:l,name:de(r[l])??o.entity_id,entities:{}},s.set(l,h)),h.entities[u]??=o.entity_id}let a=[...s.values()].filter(o=>o.entities.load_status);return{panelDeviceId:t,site:n,loads:a}}function be(i){if(!i)return{};let e=kt(i,{}),t=e?i.devices[e]?.config_entries?.[0]:void 0;return t?{entry_id:t}:{}}var K=class{constructor(){this._key=[];this._found=null}get(e,t){if(!e||!t)return null;let r=[e.entities,e.devices,t];return r.some((n,s)=>n!==this._key[s])&&(this._found=qi(e,t),this._key=r),this._found}};function O(i,e){try{return new Intl.NumberFormat(i,{minimumFractionDigits:e,maximumFractionDigits:e})}catch{return new Intl.NumberFormat("en",{minimumFractionDigits:e,maximumFractionDigits:e})}}function _(i,e){return i==null||!Number.isFinite(i)?"—":Math.abs(i)>=1e3?`${O(e,1).format(i/1e3)} kW`:`${O(e,0).format(Math.round(i))} W`}function At(i,e,t){if(e==="W")return _(i,t);if(e==="kW")return _(i*1e3,t);let r=Number.isInteger(i)?0:1;return`${O(t,r).format(i)}${e?` ${e}`:""}`}function G(i,e){return`${O(e,i>=100?0:1).format(i)} A`}function St(i,e){let t=i/1e3;return`${O(e,Number.isInteger(t)?0:1).format(t)} kW`}function z(i,e,t=0){return O(e,t).format(i)}function ye(i,e){return`${O(e,Math.abs(i)<10?2:1).format(i)} kWh`}function Et(i,e,t){let r=new Date(i);if(Number.isNaN(r.getTime()))return i;let n={dateStyle:"medium",timeStyle:"short"};for(let s of[t,void 0])try{return new Intl.DateTimeFormat(e,{...n,timeZone:s}).format(r)}catch{}return r.toISOString()}var Zi=["active","monitor","off"],Yi=new Set(["unavailable","unknown","","none"]);function xe(i){return i!==void 0&&!Yi.has(i.state)}function g(i){if(i==null||i===""||typeof i=="boolean")return null;let e=typeof i=="number"?i:Number(i);return Number.isFinite(e)?e:null}function q(i){if(!xe(i))return null;let e=g(i.state);return e===null?null:e*Be(i)}function Be(i){let e=String(i?.attributes.unit_of_measurement??"W");return e==="kW"?1e3:e==="MW"?1e6:1}function Tt(i){if(!Array.isArray(i))return[];let e=i.map(g);return e.every(t=>t!==null)?e:[]}function Ji(i,e){if(!i)return[];let t=Tt(i.attributes.phase_currents_a),r=g(e?.attributes.phase_limit_a);return t.map((n,s)=>({index:s+1,currentA:n,limitA:r}))}function Xi(i,e,t,r){return i===null||e===null?"unknown":i>(t??e)?"over":i>(r??e*.85)?"near":"ok"}function Qi(i,e,t,r){let n=i.states[e],s=n?.attributes??{},a=g(s.priority)??g(r?i.states[r]?.state:null),o=n?.state??"unavailable";return{entityId:e,name:t,priority:a===null?null:Math.round(a),status:o==="unknown"?"unavailable":o,powerW:g(s.power_w),setpoint:g(s.setpoint),setpointUnit:typeof s.setpoint_unit=="string"?s.setpoint_unit:null,reason:typeof s.reason=="string"&&s.reason?s.reason:null}}function er(i){return[...i].sort((e,t)=>{let r=e.priority??Number.POSITIVE_INFINITY,n=t.priority??Number.POSITIVE_INFINITY;return r-n||e.name.localeCompare(t.name)})}function zt(i,e){let t=E=>E?i.states[E]:void 0,r=t(e.site.site_power),n=t(e.site.effective_limit),s=q(r),a=q(n),o=n?.attributes??{},l=g(o.shed_threshold_w),u=g(o.target_w),h=g(o.restore_threshold_w),d=q(t(e.site.headroom)),f=t(e.site.mode),p=f?.attributes.options,w=t(e.site.restore_all),k=t(e.site.status),j=g(o.export_limit_w)??q(t(e.site.grid_export_limit)),y=e.loads.map(E=>Qi(i,E.entities.load_status,E.name,E.entities.priority));return{powerW:s,limitW:a,limitSource:typeof o.limit_source=="string"?o.limit_source:null,headroomW:d??(s!==null&&a!==null?a-s:null),shedW:l,targetW:u,restoreW:h,zone:Xi(s,a,l,h),flow:tr(s),exportLimitW:j===null?null:Math.abs(j),status:xe(k)?k.state:null,mode:xe(f)?f.state:null,modeEntity:e.site.mode??null,modeOptions:Array.isArray(p)&&p.length?p.map(String):Zi,modeAvailable:xe(f),restoreEntity:e.site.restore_all??null,restoreAvailable:w!==void 0&&w.state!=="unavailable",phases:Ji(r,n),loads:er(y)}}function Ct(i,e){let t=e.site.effective_limit?i.states[e.site.effective_limit]:void 0,r=e.site.site_power?i.states[e.site.site_power]:void 0,n=g(t?.attributes.voltage_v),s=g(t?.attributes.phases)??(Tt(r?.attributes.phase_currents_a).length||1);return n!==null&&n>0&&s>0?{volts:n*s,assumed:!1}:{volts:230*s,assumed:!0}}function tr(i){return i===null||i===0?null:i>0?"import":"export"}function Lt(i){return i.powerW===null||i.exportLimitW===null||i.powerW>=0?0:Math.max(0,-i.powerW-i.exportLimitW)}function Mt(i){return i.loads.length?i.loads.some(e=>e.status==="shed"||e.status==="modulated"):!0}function Pt(i){let e=Math.max((i.limitW??0)*1.15,(i.shedW??0)*1.05,(i.powerW??0)*1.05,1e3),t=e>2e4?5e3:e>5e3?1e3:500;return Math.ceil(e/t)*t}function ue(i,e){return i===null||e<=0?null:Math.min(100,Math.max(0,i/e*100))}function Rt(i,e){return i.flow?c`<span class="flow flow-${i.flow}" data-value="flow" data-flow=${i.flow}
    >${e(i.flow==="export"?"site.exporting":"site.importing")}</span
  >`:m}function It(i,e,t){return i.exportLimitW===null?m:c`<span class="legend-item" data-value="export-limit"
    ><i class="key key-export"></i>${t("site.export_limit",{value:_(i.exportLimitW,e)})}</span
  >`}function Dt(i,e,t){let r=Lt(i);return r<=0?m:c`<span class="headroom over" data-value="export-over"
    >${t("site.export_over",{value:_(r,e)})}</span
  >`}var Ht=b`
  .flow {
    font-size: 12px;
    padding: 1px 8px;
    border-radius: 999px;
    white-space: nowrap;
    color: var(--cm-muted);
    background: var(--cm-track);
  }
  .flow-export {
    color: var(--cm-ok);
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
`;var Nt={"card.name":"Capacity Manager","card.description":"Hausleistung gegenüber dem Limit, Prioritätenliste, Modus und alles zurückgeben.","timeline.name":"Capacity Manager Verlauf","timeline.description":"Die letzten Stunden Hausleistung gegenüber dem Limit, mit Abwurf- und Rückgabe-Ereignissen.","site.power":"Hausleistung","site.of_limit":"von {limit} Limit","site.no_limit":"kein Limit bekannt","site.headroom":"{value} Reserve","site.over":"{value} über dem Limit","site.unavailable":"Hausleistung nicht verfügbar","site.importing":"Bezug","site.exporting":"Einspeisung","site.export_limit":"Einspeiselimit {value}","site.export_over":"{value} über dem Einspeiselimit","source.panel":"Hauptsicherung","source.continuous":"Dauerlast-Grenze 80 %","source.grid":"Netzvorgabe","source.override":"manuelle Vorgabe","source.window":"Tarif-Zeitfenster","mark.limit":"Limit","mark.shed":"Abwurf über","mark.target":"Abwurf bis","mark.restore":"Rückgabe unter","status.normal":"Normal","status.shedding":"Lastabwurf","status.restoring":"Rückgabe","status.limiting_export":"Einspeisung begrenzt","status.failsafe":"Notbetrieb","status.monitor":"Beobachten","status.off":"Aus","status.unknown":"Unbekannt","phases.title":"Phasen","phases.label":"L{n}","loads.title":"Prioritätenliste","loads.hint":"Abwurf von unten nach oben","loads.none":"Noch keine steuerbaren Verbraucher. In den Einstellungen der Integration hinzufügen.","loads.priority":"Priorität {n}","load.on":"An","load.shed":"Abgeworfen","load.modulated":"Gedrosselt auf {value}","load.modulated_plain":"Gedrosselt","load.override":"Manuell übersteuert","load.unavailable":"Nicht verfügbar","load.never_shed":"Nie abwerfen","load.off":"Aus","load.unknown":"Unbekannt","reason.over_limit":"über dem Limit","reason.continuous_limit":"Dauerlast-Grenze 80 %","reason.phase_limit":"Phasenstrom-Grenze","reason.window_limit":"gleitender Mittelwert","reason.headroom":"wieder Reserve","reason.max_off_time":"maximale Aus-Zeit","reason.export_limit":"Einspeisegrenze","reason.export_absorb":"nutzt Einspeiseüberschuss","reason.export_curtail":"Einspeisung begrenzt","reason.export_release":"Einspeisung wieder unter der Grenze","reason.priority":"für eine wichtigere Last","reason.reserve":"auf Reserve begrenzt","reason.failsafe":"Notbetrieb: Hausleistung unbekannt","reason.manual":"manuell","reason.mode_change":"Moduswechsel","mode.title":"Modus","mode.active":"Aktiv","mode.monitor":"Beobachten","mode.off":"Aus","action.restore_all":"Alle zurückgeben","action.restore_all_hint":"Alle von Capacity Manager gehaltenen Verbraucher zurückgeben","error.not_found":"Kein Capacity Manager gefunden. Im Karten-Editor auswählen.","error.no_entities":"Die Entitäten von Capacity Manager sind noch nicht verfügbar.","timeline.hours":"Letzte {hours} h","timeline.power":"Hausleistung","timeline.limit":"Limit","timeline.shed":"Abgeworfen","timeline.restored":"Zurückgegeben","timeline.loading":"Verlauf wird geladen…","timeline.no_data":"Kein Verlauf in diesem Zeitraum.","timeline.error":"Der Verlauf konnte nicht geladen werden.","editor.entry_id":"Capacity Manager","editor.device_id":"Verteiler-Gerät (statt des Eintrags)","editor.title":"Titel (optional)","editor.show_phases":"Phasenbalken anzeigen","editor.show_loads":"Prioritätenliste anzeigen","editor.show_controls":"Modus und „Alle zurückgeben“ anzeigen","editor.hours_to_show":"Angezeigte Stunden","editor.show_what_if":"Was-wäre-wenn-Formular anzeigen","editor.show_sizing":"Bericht zur Anschlussdimensionierung anzeigen","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} h {m} min","whatif.title":"Was wäre, wenn…","whatif.hint":"Ihren Verlauf mit einem anderen Limit durchspielen","whatif.intro":"Spielt die aufgezeichnete Standortleistung und die Verbraucher mit einem Limit Ihrer Wahl durch Capacity Manager und vergleicht mit einem Betrieb ganz ohne Steuerung.","whatif.period":"Zeitraum","whatif.period_last":"Letzte Tage","whatif.period_range":"Daten","whatif.days":"Tage","whatif.start":"Erster Tag","whatif.end":"Letzter Tag","whatif.limit":"Kandidat für das Limit","whatif.unit":"Einheit","whatif.limit_default":"Leer: das aktuelle Limit, {limit}","whatif.limit_default_plain":"Leer: das eingestellte Limit","whatif.amps":"= {power} bei {volts} V","whatif.amps_assumed":"= {power}, angenommen {volts} V","whatif.loads":"Simulierte Verbraucher","whatif.run":"Starten","whatif.cancel":"Abbrechen","whatif.cancelled":"Simulation abgebrochen.","whatif.progress.start":"Startet…","whatif.progress.history":"Verlauf wird gelesen: Tag {done} von {total}","whatif.progress.simulating":"Simuliert…","whatif.error.days":"Wählen Sie 1 bis {days} Tage.","whatif.error.dates":"Wählen Sie den ersten und den letzten Tag.","whatif.error.order":"Der letzte Tag darf nicht vor dem ersten liegen.","whatif.error.limit":"Das Limit muss eine Zahl über 0 sein.","whatif.error.loads":"Wählen Sie mindestens einen Verbraucher.","whatif.error.failed":"Die Simulation ist fehlgeschlagen.","whatif.verdict.ok":"Mit Capacity Manager bleibt der Standort die ganze Zeit unter {limit}.","whatif.verdict.over":"{time} über {limit}, auch mit Capacity Manager.","whatif.unavoidable":"Davon {time}, in denen nichts mehr abzuwerfen war: das übrige Haus allein lag über dem Limit.","whatif.managed":"Mit Capacity Manager","whatif.unmanaged":"Ohne Steuerung","whatif.row.above":"Zeit über dem Limit","whatif.row.overloads":"Überlastungen","whatif.row.overshoot":"Größte Überschreitung","whatif.row.energy_above":"Energie über dem Limit","whatif.deferred":"Verschobene Energie","whatif.unserved":"Nie gelieferte Energie","whatif.ev_delayed":"Verzögerte Ladevorgänge","whatif.ev_of":"{n} von {total}","whatif.load":"Verbraucher","whatif.sheds":"Abwürfe","whatif.shed_time":"Abgeworfen","whatif.not_simulated":"Nicht simuliert (kein Leistungssensor, keine Nennleistung): {loads}.","whatif.history":"Verlauf aus {days}.","whatif.resolution.states":"aufgezeichneten Zuständen ({n} T.)","whatif.resolution.statistics_5minute":"5-Minuten-Statistiken ({n} T.)","whatif.resolution.statistics_hour":"Stundenstatistiken ({n} T.)","whatif.resolution.none":"keinen Daten ({n} T.)","sizing.title":"Anschlussdimensionierung","sizing.hint":"wie viel Last der Anschluss noch aufnehmen könnte","sizing.informative":"Informativ, im Sinne von NEC 220.87, aus Ihrem aufgezeichneten Bedarf der letzten 12 Monate. Keine normgerechte Berechnung: Sicherungen schützen weiterhin, und eine Elektrofachkraft entscheidet.","sizing.loading":"Ein Jahr Statistiken wird gelesen…","sizing.error":"Der Bericht konnte nicht erstellt werden.","sizing.refresh":"Neu berechnen","sizing.peak":"Höchster 15-Minuten-Mittelwert des Bedarfs","sizing.peak_hourly":"Höchster Stundenmittelwert des Bedarfs","sizing.design":"× {factor} (Bemessungsbedarf)","sizing.rating":"Anschlusswert","sizing.unmanaged":"Zusätzlich möglich, dauernd an","sizing.managed":"Zusätzlich möglich mit Capacity Manager","sizing.additional":"{amps} mehr, wenn Capacity Manager die neue Last steuert: sie wartet, solange das Haus die Leistung braucht.","sizing.hourly_note":"Nur Stundenstatistiken decken die Spitze ab: die 15-Minuten-Spitze in dieser Stunde kann höher sein.","sizing.days":"Aus {days} Tagen Daten."};var ce={"card.name":"Capacity Manager","card.description":"Site power against the limit, the priority ladder, mode and restore all.","timeline.name":"Capacity Manager timeline","timeline.description":"The last hours of site power against the limit, with shed and restore events.","site.power":"Site power","site.of_limit":"of {limit} limit","site.no_limit":"no limit known","site.headroom":"{value} headroom","site.over":"{value} over the limit","site.unavailable":"Site power unavailable","site.importing":"importing","site.exporting":"exporting","site.export_limit":"Export limit {value}","site.export_over":"{value} over the export limit","source.panel":"panel limit","source.continuous":"continuous 80 % limit","source.grid":"grid limit","source.override":"your override","source.window":"tariff window limit","mark.limit":"Limit","mark.shed":"Shed above","mark.target":"Shed down to","mark.restore":"Restore below","status.normal":"Normal","status.shedding":"Shedding","status.restoring":"Restoring","status.limiting_export":"Limiting export","status.failsafe":"Failsafe","status.monitor":"Monitoring","status.off":"Off","status.unknown":"Unknown","phases.title":"Phases","phases.label":"L{n}","loads.title":"Priority ladder","loads.hint":"shed from the bottom up","loads.none":"No controllable loads yet. Add one in the integration's settings.","loads.priority":"Priority {n}","load.on":"On","load.shed":"Shed","load.modulated":"Modulated at {value}","load.modulated_plain":"Modulated","load.override":"Manual override","load.unavailable":"Unavailable","load.never_shed":"Never shed","load.off":"Off","load.unknown":"Unknown","reason.over_limit":"over the limit","reason.continuous_limit":"continuous 80 % limit","reason.phase_limit":"phase current limit","reason.window_limit":"rolling average limit","reason.headroom":"headroom returned","reason.max_off_time":"maximum off time","reason.export_limit":"export limit","reason.export_absorb":"using export surplus","reason.export_curtail":"export curtailed","reason.export_release":"export under its limit again","reason.priority":"for a more important load","reason.reserve":"held to headroom","reason.failsafe":"failsafe: site power unknown","reason.manual":"manual","reason.mode_change":"mode change","mode.title":"Mode","mode.active":"Active","mode.monitor":"Monitor","mode.off":"Off","action.restore_all":"Restore all","action.restore_all_hint":"Give back every load Capacity Manager holds","error.not_found":"No Capacity Manager found. Choose one in the card editor.","error.no_entities":"Capacity Manager entities are not available yet.","timeline.hours":"Last {hours} h","timeline.power":"Site power","timeline.limit":"Limit","timeline.shed":"Shed","timeline.restored":"Restored","timeline.loading":"Loading history…","timeline.no_data":"No history in this period.","timeline.error":"History could not be loaded.","editor.entry_id":"Capacity Manager","editor.device_id":"Panel device (instead of the entry)","editor.title":"Title (optional)","editor.show_phases":"Show phase bars","editor.show_loads":"Show the priority ladder","editor.show_controls":"Show mode and restore all","editor.hours_to_show":"Hours to show","editor.show_what_if":"Show the what-if form","editor.show_sizing":"Show the panel sizing report","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} h {m} min","whatif.title":"What if…","whatif.hint":"replay your history with another limit","whatif.intro":"Replays the recorded site power and loads through Capacity Manager with a limit you choose, and compares it with no management at all.","whatif.period":"Period","whatif.period_last":"Last days","whatif.period_range":"Dates","whatif.days":"days","whatif.start":"First day","whatif.end":"Last day","whatif.limit":"Candidate limit","whatif.unit":"Unit","whatif.limit_default":"Empty: the current limit, {limit}","whatif.limit_default_plain":"Empty: the configured limit","whatif.amps":"= {power} at {volts} V","whatif.amps_assumed":"= {power}, assuming {volts} V","whatif.loads":"Loads to simulate","whatif.run":"Run","whatif.cancel":"Cancel","whatif.cancelled":"Simulation cancelled.","whatif.progress.start":"Starting…","whatif.progress.history":"Reading history: day {done} of {total}","whatif.progress.simulating":"Simulating…","whatif.error.days":"Choose from 1 to {days} days.","whatif.error.dates":"Choose the first and the last day.","whatif.error.order":"The last day must not be before the first.","whatif.error.limit":"The limit must be a number above 0.","whatif.error.loads":"Choose at least one load.","whatif.error.failed":"The simulation failed.","whatif.verdict.ok":"With Capacity Manager the site stays under {limit} the whole time.","whatif.verdict.over":"{time} above {limit}, even with Capacity Manager.","whatif.unavoidable":"{time} of it with nothing left to shed: the rest of the house alone was above the limit.","whatif.managed":"With Capacity Manager","whatif.unmanaged":"Without management","whatif.row.above":"Time above the limit","whatif.row.overloads":"Overloads","whatif.row.overshoot":"Highest overshoot","whatif.row.energy_above":"Energy above the limit","whatif.deferred":"Energy deferred","whatif.unserved":"Energy never served","whatif.ev_delayed":"EV sessions delayed","whatif.ev_of":"{n} of {total}","whatif.load":"Load","whatif.sheds":"Sheds","whatif.shed_time":"Time shed","whatif.not_simulated":"Not simulated (no power sensor or rated power): {loads}.","whatif.history":"History read from {days}.","whatif.resolution.states":"recorded states ({n} d)","whatif.resolution.statistics_5minute":"5-minute statistics ({n} d)","whatif.resolution.statistics_hour":"hourly statistics ({n} d)","whatif.resolution.none":"no data ({n} d)","sizing.title":"Panel sizing","sizing.hint":"how much load the service could take","sizing.informative":"Informative, in the spirit of NEC 220.87, from your recorded demand of the last 12 months. Not a code calculation: breakers still protect, and an electrician decides.","sizing.loading":"Reading a year of statistics…","sizing.error":"The report could not be made.","sizing.refresh":"Recalculate","sizing.peak":"Highest 15-minute average demand","sizing.peak_hourly":"Highest hourly average demand","sizing.design":"× {factor} (design demand)","sizing.rating":"Service rating","sizing.unmanaged":"Could be added, always on","sizing.managed":"Could be added with Capacity Manager","sizing.additional":"{amps} more when Capacity Manager manages the new load: it waits while the house needs the capacity.","sizing.hourly_note":"Only hourly statistics cover the peak: the 15-minute peak inside that hour may be higher.","sizing.days":"From {days} days of data."};var Ot={"card.name":"Capacity Manager","card.description":"Puissance du site face à la limite, liste de priorités, mode et tout rétablir.","timeline.name":"Capacity Manager historique","timeline.description":"Les dernières heures de puissance du site face à la limite, avec délestages et rétablissements.","site.power":"Puissance du site","site.of_limit":"sur {limit} de limite","site.no_limit":"limite inconnue","site.headroom":"{value} de marge","site.over":"{value} au-dessus de la limite","site.unavailable":"Puissance du site indisponible","site.importing":"soutirage","site.exporting":"injection","site.export_limit":"Limite d'injection {value}","site.export_over":"{value} au-dessus de la limite d'injection","source.panel":"limite du tableau","source.continuous":"limite continue de 80 %","source.grid":"limite du réseau","source.override":"votre limite manuelle","source.window":"limite de la fenêtre tarifaire","mark.limit":"Limite","mark.shed":"Délestage au-dessus de","mark.target":"Délestage jusqu'à","mark.restore":"Rétablissement sous","status.normal":"Normal","status.shedding":"Délestage","status.restoring":"Rétablissement","status.limiting_export":"Limitation de l’injection","status.failsafe":"Sécurité","status.monitor":"Surveillance","status.off":"Arrêt","status.unknown":"Inconnu","phases.title":"Phases","phases.label":"L{n}","loads.title":"Liste de priorités","loads.hint":"délestée de bas en haut","loads.none":"Aucune charge pilotable. Ajoutez-en une dans les réglages de l'intégration.","loads.priority":"Priorité {n}","load.on":"En marche","load.shed":"Délestée","load.modulated":"Modulée à {value}","load.modulated_plain":"Modulée","load.override":"Reprise manuelle","load.unavailable":"Indisponible","load.never_shed":"Jamais délestée","load.off":"Arrêtée","load.unknown":"Inconnu","reason.over_limit":"au-dessus de la limite","reason.continuous_limit":"limite continue de 80 %","reason.phase_limit":"limite de courant de phase","reason.window_limit":"limite en moyenne glissante","reason.headroom":"marge retrouvée","reason.max_off_time":"durée d'arrêt maximale","reason.export_limit":"limite d'injection","reason.export_absorb":"absorbe le surplus injecté","reason.export_curtail":"injection bridée","reason.export_release":"injection de nouveau sous la limite","reason.priority":"pour une charge prioritaire","reason.reserve":"plafonné à la marge","reason.failsafe":"sécurité : puissance du site inconnue","reason.manual":"manuel","reason.mode_change":"changement de mode","mode.title":"Mode","mode.active":"Actif","mode.monitor":"Surveillance","mode.off":"Arrêt","action.restore_all":"Tout rétablir","action.restore_all_hint":"Rendre toutes les charges retenues par Capacity Manager","error.not_found":"Aucun Capacity Manager trouvé. Choisissez-en un dans l'éditeur de carte.","error.no_entities":"Les entités de Capacity Manager ne sont pas encore disponibles.","timeline.hours":"Dernières {hours} h","timeline.power":"Puissance du site","timeline.limit":"Limite","timeline.shed":"Délestée","timeline.restored":"Rétablie","timeline.loading":"Chargement de l'historique…","timeline.no_data":"Pas d'historique sur cette période.","timeline.error":"L'historique n'a pas pu être chargé.","editor.entry_id":"Capacity Manager","editor.device_id":"Appareil du tableau (au lieu de l'entrée)","editor.title":"Titre (facultatif)","editor.show_phases":"Afficher les barres de phase","editor.show_loads":"Afficher la liste de priorités","editor.show_controls":"Afficher le mode et « Tout rétablir »","editor.hours_to_show":"Heures affichées","editor.show_what_if":"Afficher le formulaire « Et si… »","editor.show_sizing":"Afficher le rapport de dimensionnement","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} h {m} min","whatif.title":"Et si…","whatif.hint":"rejouer votre historique avec une autre limite","whatif.intro":"Rejoue la puissance du site et les charges enregistrées dans Capacity Manager avec la limite de votre choix, et compare avec une installation sans aucun pilotage.","whatif.period":"Période","whatif.period_last":"Derniers jours","whatif.period_range":"Dates","whatif.days":"jours","whatif.start":"Premier jour","whatif.end":"Dernier jour","whatif.limit":"Limite envisagée","whatif.unit":"Unité","whatif.limit_default":"Vide : la limite actuelle, {limit}","whatif.limit_default_plain":"Vide : la limite configurée","whatif.amps":"= {power} à {volts} V","whatif.amps_assumed":"= {power}, en supposant {volts} V","whatif.loads":"Charges simulées","whatif.run":"Lancer","whatif.cancel":"Annuler","whatif.cancelled":"Simulation annulée.","whatif.progress.start":"Démarrage…","whatif.progress.history":"Lecture de l'historique : jour {done} sur {total}","whatif.progress.simulating":"Simulation…","whatif.error.days":"Choisissez de 1 à {days} jours.","whatif.error.dates":"Choisissez le premier et le dernier jour.","whatif.error.order":"Le dernier jour ne peut pas précéder le premier.","whatif.error.limit":"La limite doit être un nombre supérieur à 0.","whatif.error.loads":"Choisissez au moins une charge.","whatif.error.failed":"La simulation a échoué.","whatif.verdict.ok":"Avec Capacity Manager, le site reste sous {limit} tout le temps.","whatif.verdict.over":"{time} au-dessus de {limit}, même avec Capacity Manager.","whatif.unavoidable":"Dont {time} sans plus rien à délester : le reste de la maison dépassait seul la limite.","whatif.managed":"Avec Capacity Manager","whatif.unmanaged":"Sans pilotage","whatif.row.above":"Temps au-dessus de la limite","whatif.row.overloads":"Surcharges","whatif.row.overshoot":"Plus grand dépassement","whatif.row.energy_above":"Énergie au-dessus de la limite","whatif.deferred":"Énergie reportée","whatif.unserved":"Énergie jamais fournie","whatif.ev_delayed":"Recharges retardées","whatif.ev_of":"{n} sur {total}","whatif.load":"Charge","whatif.sheds":"Délestages","whatif.shed_time":"Durée délestée","whatif.not_simulated":"Non simulées (ni capteur de puissance ni puissance nominale) : {loads}.","whatif.history":"Historique lu depuis : {days}.","whatif.resolution.states":"états enregistrés ({n} j)","whatif.resolution.statistics_5minute":"statistiques sur 5 minutes ({n} j)","whatif.resolution.statistics_hour":"statistiques horaires ({n} j)","whatif.resolution.none":"aucune donnée ({n} j)","sizing.title":"Dimensionnement du raccordement","sizing.hint":"quelle charge le raccordement pourrait encore accepter","sizing.informative":"Indicatif, dans l'esprit de la NEC 220.87, d'après votre consommation enregistrée des 12 derniers mois. Pas un calcul réglementaire : les disjoncteurs protègent toujours, et un électricien décide.","sizing.loading":"Lecture d'une année de statistiques…","sizing.error":"Le rapport n'a pas pu être établi.","sizing.refresh":"Recalculer","sizing.peak":"Plus forte demande moyenne sur 15 minutes","sizing.peak_hourly":"Plus forte demande moyenne horaire","sizing.design":"× {factor} (demande de calcul)","sizing.rating":"Calibre du raccordement","sizing.unmanaged":"Ajoutable, en marche permanente","sizing.managed":"Ajoutable avec Capacity Manager","sizing.additional":"{amps} de plus si Capacity Manager pilote la nouvelle charge : elle attend tant que la maison a besoin de la puissance.","sizing.hourly_note":"Seules des statistiques horaires couvrent le pic : le pic sur 15 minutes dans cette heure peut être plus élevé.","sizing.days":"D'après {days} jours de données."};var Wt={"card.name":"Capacity Manager","card.description":"Vermogen van de locatie tegenover de limiet, de prioriteitenlijst, modus en alles herstellen.","timeline.name":"Capacity Manager tijdlijn","timeline.description":"De laatste uren vermogen van de locatie tegenover de limiet, met afschakelingen en herstel.","site.power":"Vermogen van de locatie","site.of_limit":"van {limit} limiet","site.no_limit":"geen limiet bekend","site.headroom":"{value} marge","site.over":"{value} boven de limiet","site.unavailable":"Vermogen van de locatie niet beschikbaar","site.importing":"afname","site.exporting":"teruglevering","site.export_limit":"Terugleverlimiet {value}","site.export_over":"{value} boven de terugleverlimiet","source.panel":"limiet van de verdeelkast","source.continuous":"continue limiet van 80 %","source.grid":"netlimiet","source.override":"uw handmatige limiet","source.window":"limiet van het tariefvenster","mark.limit":"Limiet","mark.shed":"Afschakelen boven","mark.target":"Afschakelen tot","mark.restore":"Herstellen onder","status.normal":"Normaal","status.shedding":"Afschakelen","status.restoring":"Herstellen","status.limiting_export":"Teruglevering beperkt","status.failsafe":"Noodmodus","status.monitor":"Alleen bewaken","status.off":"Uit","status.unknown":"Onbekend","phases.title":"Fasen","phases.label":"L{n}","loads.title":"Prioriteitenlijst","loads.hint":"van onder naar boven afgeschakeld","loads.none":"Nog geen regelbare verbruikers. Voeg er een toe in de instellingen van de integratie.","loads.priority":"Prioriteit {n}","load.on":"Aan","load.shed":"Afgeschakeld","load.modulated":"Teruggeregeld tot {value}","load.modulated_plain":"Teruggeregeld","load.override":"Handmatige overname","load.unavailable":"Niet beschikbaar","load.never_shed":"Nooit afschakelen","load.off":"Uit","load.unknown":"Onbekend","reason.over_limit":"boven de limiet","reason.continuous_limit":"continue limiet van 80 %","reason.phase_limit":"stroomlimiet per fase","reason.window_limit":"limiet op het voortschrijdend gemiddelde","reason.headroom":"marge terug","reason.max_off_time":"maximale uit-tijd","reason.export_limit":"terugleverlimiet","reason.export_absorb":"verbruikt teruglever-overschot","reason.export_curtail":"teruglevering beperkt","reason.export_release":"teruglevering weer onder de limiet","reason.priority":"voor een belangrijkere last","reason.reserve":"begrensd tot marge","reason.failsafe":"noodmodus: vermogen van de locatie onbekend","reason.manual":"handmatig","reason.mode_change":"moduswijziging","mode.title":"Modus","mode.active":"Actief","mode.monitor":"Bewaken","mode.off":"Uit","action.restore_all":"Alles herstellen","action.restore_all_hint":"Geef elke verbruiker terug die Capacity Manager vasthoudt","error.not_found":"Geen Capacity Manager gevonden. Kies er een in de kaarteditor.","error.no_entities":"De entiteiten van Capacity Manager zijn nog niet beschikbaar.","timeline.hours":"Laatste {hours} u","timeline.power":"Vermogen van de locatie","timeline.limit":"Limiet","timeline.shed":"Afgeschakeld","timeline.restored":"Hersteld","timeline.loading":"Geschiedenis laden…","timeline.no_data":"Geen geschiedenis in deze periode.","timeline.error":"De geschiedenis kon niet worden geladen.","editor.entry_id":"Capacity Manager","editor.device_id":"Apparaat van de verdeelkast (in plaats van het item)","editor.title":"Titel (optioneel)","editor.show_phases":"Fasebalken tonen","editor.show_loads":"Prioriteitenlijst tonen","editor.show_controls":"Modus en alles herstellen tonen","editor.hours_to_show":"Getoonde uren","editor.show_what_if":"Wat-als-formulier tonen","editor.show_sizing":"Rapport aansluitcapaciteit tonen","duration.under_minute":"< 1 min","duration.minutes":"{m} min","duration.hours":"{h} u {m} min","whatif.title":"Wat als…","whatif.hint":"uw geschiedenis afspelen met een andere limiet","whatif.intro":"Speelt het opgenomen vermogen van de locatie en de verbruikers af door Capacity Manager met een limiet naar keuze, en vergelijkt met helemaal geen beheer.","whatif.period":"Periode","whatif.period_last":"Laatste dagen","whatif.period_range":"Datums","whatif.days":"dagen","whatif.start":"Eerste dag","whatif.end":"Laatste dag","whatif.limit":"Kandidaat-limiet","whatif.unit":"Eenheid","whatif.limit_default":"Leeg: de huidige limiet, {limit}","whatif.limit_default_plain":"Leeg: de ingestelde limiet","whatif.amps":"= {power} bij {volts} V","whatif.amps_assumed":"= {power}, uitgaande van {volts} V","whatif.loads":"Gesimuleerde verbruikers","whatif.run":"Starten","whatif.cancel":"Annuleren","whatif.cancelled":"Simulatie geannuleerd.","whatif.progress.start":"Bezig met starten…","whatif.progress.history":"Geschiedenis lezen: dag {done} van {total}","whatif.progress.simulating":"Bezig met simuleren…","whatif.error.days":"Kies 1 tot {days} dagen.","whatif.error.dates":"Kies de eerste en de laatste dag.","whatif.error.order":"De laatste dag mag niet vóór de eerste liggen.","whatif.error.limit":"De limiet moet een getal boven 0 zijn.","whatif.error.loads":"Kies minstens één verbruiker.","whatif.error.failed":"De simulatie is mislukt.","whatif.verdict.ok":"Met Capacity Manager blijft de locatie de hele tijd onder {limit}.","whatif.verdict.over":"{time} boven {limit}, ook met Capacity Manager.","whatif.unavoidable":"Waarvan {time} zonder iets meer om af te schakelen: de rest van het huis lag alleen al boven de limiet.","whatif.managed":"Met Capacity Manager","whatif.unmanaged":"Zonder beheer","whatif.row.above":"Tijd boven de limiet","whatif.row.overloads":"Overbelastingen","whatif.row.overshoot":"Grootste overschrijding","whatif.row.energy_above":"Energie boven de limiet","whatif.deferred":"Uitgestelde energie","whatif.unserved":"Nooit geleverde energie","whatif.ev_delayed":"Vertraagde laadsessies","whatif.ev_of":"{n} van {total}","whatif.load":"Verbruiker","whatif.sheds":"Afschakelingen","whatif.shed_time":"Tijd afgeschakeld","whatif.not_simulated":"Niet gesimuleerd (geen vermogenssensor of nominaal vermogen): {loads}.","whatif.history":"Geschiedenis gelezen uit {days}.","whatif.resolution.states":"opgenomen statussen ({n} d)","whatif.resolution.statistics_5minute":"5-minutenstatistieken ({n} d)","whatif.resolution.statistics_hour":"uurstatistieken ({n} d)","whatif.resolution.none":"geen gegevens ({n} d)","sizing.title":"Aansluitcapaciteit","sizing.hint":"hoeveel belasting de aansluiting nog aankan","sizing.informative":"Informatief, in de geest van NEC 220.87, uit uw opgenomen vraag van de laatste 12 maanden. Geen berekening volgens de norm: zekeringen beveiligen nog steeds, en een elektricien beslist.","sizing.loading":"Een jaar aan statistieken lezen…","sizing.error":"Het rapport kon niet worden gemaakt.","sizing.refresh":"Opnieuw berekenen","sizing.peak":"Hoogste 15-minutengemiddelde vraag","sizing.peak_hourly":"Hoogste uurgemiddelde vraag","sizing.design":"× {factor} (ontwerpvraag)","sizing.rating":"Aansluitwaarde","sizing.unmanaged":"Bij te plaatsen, altijd aan","sizing.managed":"Bij te plaatsen met Capacity Manager","sizing.additional":"{amps} meer als Capacity Manager de nieuwe belasting beheert: die wacht zolang het huis de capaciteit nodig heeft.","sizing.hourly_note":"Alleen uurstatistieken dekken de piek: de 15-minutenpiek binnen dat uur kan hoger zijn.","sizing.days":"Uit {days} dagen aan gegevens."};var ir={en:ce,de:Nt,fr:Ot,nl:Wt};function rr(i){return(i||"en").toLowerCase().split(/[-_]/)[0]||"en"}function $(i){let e=ir[rr(i)]??ce;return(t,r)=>{let n=e[t]??ce[t]??t;if(r)for(let[s,a]of Object.entries(r))n=n.split(`{${s}}`).join(String(a));return n}}function L(i,e,t){let r=`${e}.${t}`;return r in ce?i(r):t.replace(/_/g," ")}var Vt={restore:"mark.restore",target:"mark.target",shed:"mark.shed",limit:"mark.limit"};function nr(i,e,t){let r=Dt(i,e,t);return r!==m?r:i.headroomW===null?m:i.headroomW<0?c`<span class="headroom over">${t("site.over",{value:_(-i.headroomW,e)})}</span>`:c`<span class="headroom">${t("site.headroom",{value:_(i.headroomW,e)})}</span>`}function jt(i,e,t){let r=Pt(i),n=[["restore",i.restoreW],["target",i.targetW],["shed",i.shedW],["limit",i.limitW]],s=ue(i.powerW,r)??0,a=ue(i.limitW,r),o=i.limitW===null?t("site.no_limit"):t("site.of_limit",{limit:_(i.limitW,e)});return c`
    <div class="reading">
      <div class="reading-main">
        <span class="big" data-value="site-power">${i.powerW===null?"—":_(i.powerW,e)}</span>
        <span class="muted" data-value="limit">${o}</span>
        ${i.limitSource&&i.limitSource!=="panel"?c`<span class="source" data-value="limit-source">${L(t,"source",i.limitSource)}</span>`:m}
        ${Rt(i,t)}
      </div>
      ${nr(i,e,t)}
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
      ${a===null?m:c`<div class="over-zone" style="left:${a}%"></div>`}
      <div class="fill zone-${i.zone}" style="width:${s}%"></div>
      ${n.map(([l,u])=>{let h=ue(u,r);return h===null?m:c`<div
              class="mark mark-${l}"
              data-mark=${l}
              style="left:${h}%"
              title=${`${t(Vt[l])} ${_(u,e)}`}
            ></div>`})}
    </div>
    <div class="legend">
      ${n.filter(([l,u])=>u!==null&&l!=="limit").map(([l,u])=>c`<span class="legend-item"><i class="key key-${l}"></i>${t(Vt[l])} ${_(u,e)}</span>`)}
      ${It(i,e,t)}
    </div>
  `}function sr(i){if(i.limitA===null||i.limitA<=0)return"ok";let e=i.currentA/i.limitA;return e>.95?"over":e>.85?"near":"ok"}function Ft(i,e,t){if(!i.length)return m;let r=Math.max(...i.map(n=>n.limitA??n.currentA*1.2),1);return c`
    <div class="phases" aria-label=${t("phases.title")}>
      ${i.map(n=>c`
          <div class="phase" data-phase=${n.index}>
            <span class="phase-label">${t("phases.label",{n:n.index})}</span>
            <div class="phase-track">
              <div class="phase-fill zone-${sr(n)}" style="width:${ue(n.currentA,r)}%"></div>
            </div>
            <span class="phase-value">
              ${G(n.currentA,e)}${n.limitA===null?m:c`<span class="muted"> / ${G(n.limitA,e)}</span>`}
            </span>
          </div>
        `)}
    </div>
  `}var Ut=b`
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
    color: var(--cm-info);
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
`;function Ge(i,e,t){i.dispatchEvent(new CustomEvent(e,{detail:t,bubbles:!0,composed:!0}))}function Kt(i,e){Ge(i,"hass-more-info",{entityId:e})}async function Bt(){if(customElements.get("ha-form"))return;let i=customElements.get("hui-entities-card");try{await i?.getConfigElement?.()}catch{}}var $e=b`
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
    color: var(--chip-color, var(--cm-muted));
    background: color-mix(in srgb, var(--chip-color, var(--cm-muted)) 14%, transparent);
  }
  .chip::before {
    content: "";
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: currentColor;
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
  }
  .tone-near {
    --chip-color: var(--cm-near);
  }
  .tone-over {
    --chip-color: var(--cm-over);
  }
  .tone-info {
    --chip-color: var(--cm-info);
  }
  .tone-muted {
    --chip-color: var(--cm-muted);
  }
`;function ke(i){switch(i){case"normal":case"on":return"ok";case"shedding":case"failsafe":case"shed":return"over";case"restoring":case"modulated":case"limiting_export":return"near";case"monitor":case"override":case"never_shed":return"info";default:return"muted"}}function ar(i,e,t){return i.status==="modulated"?i.setpoint===null?t("load.modulated_plain"):t("load.modulated",{value:At(i.setpoint,i.setpointUnit,e)}):L(t,"load",i.status)}function or(i,e){return!i.reason||!["shed","modulated"].includes(i.status)?null:L(e,"reason",i.reason)}function Gt(i,e,t,r){let n=(s,a)=>{s instanceof KeyboardEvent&&s.key!=="Enter"&&s.key!==" "||(s.preventDefault(),r(a))};return c`
    <div class="ladder">
      <div class="ladder-head">
        <span class="section-title">${t("loads.title")}</span>
        ${i.length>1?c`<span class="muted">${t("loads.hint")}</span>`:m}
      </div>
      ${i.length?c`<ul>
            ${i.map(s=>{let a=or(s,t);return c`
                <li
                  class="load"
                  role="button"
                  tabindex="0"
                  data-entity=${s.entityId}
                  data-status=${s.status}
                  @click=${o=>n(o,s.entityId)}
                  @keydown=${o=>n(o,s.entityId)}
                >
                  <span class="prio" title=${s.priority===null?"":t("loads.priority",{n:s.priority})}
                    >${s.priority??"–"}</span
                  >
                  <span class="name">
                    <span class="load-name">${s.name}</span>
                    ${a?c`<span class="reason" title=${a}>${a}</span>`:m}
                  </span>
                  <span class="chip tone-${ke(s.status)}" data-role="status">${ar(s,e,t)}</span>
                  <span class="power" data-role="power">${_(s.powerW,e)}</span>
                </li>
              `})}
          </ul>`:c`<div class="message">${t("loads.none")}</div>`}
    </div>
  `}var qt=b`
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
    .load .chip {
      justify-self: start;
    }
  }
`;var Ae=b`
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
`,Zt=b`
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
`;async function me(i,e,t){let r=await i.connection.sendMessagePromise({type:"call_service",domain:B,service:e,service_data:t,return_response:!0});if(!r||typeof r!="object"||r.response===void 0)throw new Error("no response data");return r.response}function M(i){return typeof i=="string"&&i?i:null}function he(i){let e=i&&typeof i=="object"?i:{},t=e.error&&typeof e.error=="object"?e.error:{},r={},n=e.translation_placeholders??t.translation_placeholders;if(n&&typeof n=="object")for(let[a,o]of Object.entries(n))r[a]=String(o);let s=M(e.message)??M(t.message)??(typeof i=="string"?i:"");return{code:M(e.code)??M(t.code)??"unknown_error",message:s.replace(/^Validation error:\s*/,""),key:M(e.translation_key)??M(t.translation_key),domain:M(e.translation_domain)??M(t.translation_domain),placeholders:r}}async function pe(i,e,t){if(e.key&&e.domain&&i.loadBackendTranslation)try{let n=(await i.loadBackendTranslation("exceptions",e.domain))(`component.${e.domain}.exceptions.${e.key}.message`,e.placeholders);if(n)return n}catch{}return e.message||t}async function Yt(i,e,t){if(!i.connection.subscribeEvents)return null;try{let r=await i.connection.subscribeEvents(t,e);return()=>{Promise.resolve(r()).catch(()=>{})}}catch{return null}}function Jt(i,e,t){return e||((t?i.devices[t]?.config_entries?.[0]:void 0)??null)}var Se="capacity-manager-card",qe="capacity-manager-card-editor";function Ze(i){if(!i||typeof i!="object")throw new Error("Invalid configuration: expected a mapping.");for(let e of["entry_id","device_id","title"]){let t=i[e];if(t!=null&&typeof t!="string")throw new Error(`Invalid configuration: ${e} must be text.`)}}var Z=class extends x{constructor(){super(...arguments);this._opened=new Set;this._cache=new K}static getConfigElement(){return document.createElement(qe)}static getStubConfig(t){return{type:`custom:${Se}`,...be(t)}}setConfig(t){Ze(t),this._config={...t}}getCardSize(){let t=this._discover()?.loads.length??0,r=(this._config?.show_what_if===!1?0:1)+(this._config?.show_sizing===!1?0:1);return 3+Math.ceil(t*.8)+(this._config?.show_controls===!1?0:1)+Math.ceil(r/2)}getGridOptions(){return{columns:12,min_columns:6}}_discover(){return this._cache.get(this.hass,this._config)}shouldUpdate(t){if(t.size!==1||!t.has("hass"))return!0;let r=t.get("hass"),n=this.hass;if(!r||!n||r.entities!==n.entities||r.devices!==n.devices||r.language!==n.language)return!0;let s=this._discover();return s?[...Object.values(s.site),...s.loads.flatMap(o=>Object.values(o.entities))].some(o=>r.states[o]!==n.states[o]):!0}async _selectMode(t,r){!this.hass||!t.modeEntity||r===t.mode||await this.hass.callService("select","select_option",{entity_id:t.modeEntity,option:r})}async _restoreAll(t){!this.hass||!t.restoreEntity||await this.hass.callService("button","press",{entity_id:t.restoreEntity})}_renderControls(t,r){return this._config?.show_controls===!1||!t.modeEntity&&!t.restoreEntity?m:c`
      <div class="controls">
        ${t.modeEntity?c`<div class="modes" role="group" aria-label=${r("mode.title")}>
              ${t.modeOptions.map(n=>c`<button
                  class="mode"
                  data-option=${n}
                  aria-pressed=${n===t.mode?"true":"false"}
                  ?disabled=${!t.modeAvailable}
                  @click=${()=>this._selectMode(t,n)}
                >
                  ${L(r,"mode",n)}
                </button>`)}
            </div>`:m}
        ${t.restoreEntity?c`<button
              class="restore"
              title=${r("action.restore_all_hint")}
              ?disabled=${!t.restoreAvailable||!Mt(t)}
              @click=${()=>this._restoreAll(t)}
            >
              ${r("action.restore_all")}
            </button>`:m}
      </div>
    `}_toggled(t,r){r.target.open&&!this._opened.has(t)&&(this._opened=new Set([...this._opened,t]))}_renderTools(t,r,n){let s=this._config,a=this.hass;if(!s||!a||s.show_what_if===!1&&s.show_sizing===!1)return m;let o=Jt(a,s.entry_id,t.panelDeviceId),l=t.loads.map(d=>({ref:(d.deviceId?a.devices[d.deviceId]?.name:null)||d.name,name:d.name})),u=Ct(a,t),h=(d,f,p,w)=>c`
      <details class="tool" data-section=${d} @toggle=${k=>this._toggled(d,k)}>
        <summary><span class="section-title">${f}</span><span class="muted">${p}</span></summary>
        ${this._opened.has(d)?w():m}
      </details>
    `;return c`<div class="tools">
      ${s.show_what_if===!1?m:h("what-if",n("whatif.title"),n("whatif.hint"),()=>c`<capacity-manager-what-if
              .hass=${a}
              .entryId=${o}
              .loads=${l}
              .voltsBasis=${u.volts}
              .voltsAssumed=${u.assumed}
              .currentLimitW=${r.limitW}
            ></capacity-manager-what-if>`)}
      ${s.show_sizing===!1?m:h("sizing",n("sizing.title"),n("sizing.hint"),()=>c`<capacity-manager-panel-sizing .hass=${a} .entryId=${o}></capacity-manager-panel-sizing>`)}
    </div>`}render(){if(!this._config||!this.hass)return m;let t=this.hass.locale?.language||this.hass.language||"en",r=$(this.hass.language),n=this._discover(),s=this._config.title||de(n?.panelDeviceId?this.hass.devices[n.panelDeviceId]:void 0)||r("card.name");if(!n)return c`<ha-card><div class="header"><span class="title">${s}</span></div>
        <div class="message" data-role="error">${r("error.not_found")}</div></ha-card>`;if(!n.site.site_power&&!n.site.effective_limit)return c`<ha-card><div class="header"><span class="title">${s}</span></div>
        <div class="message" data-role="error">${r("error.no_entities")}</div></ha-card>`;let a=zt(this.hass,n),o=a.status??"unknown";return c`
      <ha-card>
        <div class="header">
          <span class="title">${s}</span>
          <span class="chip tone-${ke(a.status)}" data-role="site-status" data-status=${o}
            >${L(r,"status",o)}</span
          >
        </div>
        ${jt(a,t,r)}
        ${this._config.show_phases===!1?m:Ft(a.phases,t,r)}
        ${this._config.show_loads===!1?m:Gt(a.loads,t,r,l=>Kt(this,l))}
        ${this._renderControls(a,r)} ${this._renderTools(n,a,r)}
      </ha-card>
    `}};Z.properties={hass:{attribute:!1},_config:{state:!0},_opened:{state:!0}},Z.styles=[$e,Ut,Ht,qt,Zt,b`
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
    `];var Xt=[{name:"entry_id",selector:{config_entry:{integration:B}}},{name:"device_id",selector:{device:{entity:[{integration:B,domain:"select"}]}}},{name:"title",selector:{text:{}}}],Y=class extends x{constructor(){super(...arguments);this.defaults={}}setConfig(t){this._config={...t}}connectedCallback(){super.connectedCallback(),Bt().then(()=>this.requestUpdate())}_changed(t){if(t.stopPropagation(),!this._config)return;let r={type:this._config.type};for(let[n,s]of Object.entries({...this._config,...t.detail.value})){let a=s==null||s==="";n!=="type"&&!a&&this.defaults[n]!==s&&(r[n]=s)}this._config=r,Ge(this,"config-changed",{config:r})}render(){if(!this.hass||!this._config)return m;let t=$(this.hass.language);return c`<ha-form
      .hass=${this.hass}
      .data=${{...this.defaults,...this._config}}
      .schema=${this.schema}
      .computeLabel=${r=>t(`editor.${r.name}`)}
      @value-changed=${this._changed}
    ></ha-form>`}};Y.properties={hass:{attribute:!1},_config:{state:!0}},Y.styles=b`
    :host {
      display: block;
    }
  `;var Ee=class extends Y{constructor(){super(...arguments);this.defaults={show_phases:!0,show_loads:!0,show_controls:!0,show_what_if:!0,show_sizing:!0}}get schema(){return[...Xt,{name:"show_phases",selector:{boolean:{}}},{name:"show_loads",selector:{boolean:{}}},{name:"show_controls",selector:{boolean:{}}},{name:"show_what_if",selector:{boolean:{}}},{name:"show_sizing",selector:{boolean:{}}}]}},Te=class extends Y{constructor(){super(...arguments);this.defaults={hours_to_show:24}}get schema(){return[...Xt,{name:"hours_to_show",selector:{number:{min:1,max:168,step:1,mode:"box",unit_of_measurement:"h"}}}]}};var Qt="panel_sizing";function ei(i){let e=i&&typeof i=="object"?i:{};return{peakW:g(e.peak_demand_w),peakAt:typeof e.peak_demand_at=="string"?e.peak_demand_at:null,hourly:e.resolution==="hourly_mean_statistics",factor:g(e.demand_factor)??1.25,designW:g(e.design_demand_w),ratingW:g(e.service_rating_w),ratingA:g(e.service_rating_a),unmanagedA:g(e.unmanaged_available_a),managedA:g(e.managed_available_a),additionalA:g(e.additional_managed_a),days:g(e.days_of_data)}}var ti="capacity-manager-panel-sizing",J=class extends x{constructor(){super(...arguments);this.entryId=null;this._view=null;this._error=null;this._loading=!1;this._loadedFor=null}shouldUpdate(t){if(t.size===1&&t.has("hass")){let r=t.get("hass");return!r||r.language!==this.hass?.language}return!0}updated(){this.hass&&this.entryId&&this._loadedFor!==this.entryId&&this.load()}async load(){let t=this.hass,r=this.entryId;if(!(!t||!r||this._loading)){this._loadedFor=r,this._loading=!0,this._error=null;try{this._view=ei(await me(t,Qt,{config_entry_id:r}))}catch(n){this._view=null,this._error=await pe(t,he(n),$(t.language)("sizing.error"))}finally{this._loading=!1}}}_renderView(t){let r=$(this.hass?.language),n=this.hass?.locale?.language||this.hass?.language||"en",s=o=>o===null?"—":G(o,n),a=this.hass?.config?.time_zone;return c`<dl data-role="sizing">
        <dt>${r(t.hourly?"sizing.peak_hourly":"sizing.peak")}</dt>
        <dd class="strong" data-value="peak">${_(t.peakW,n)}</dd>
        ${t.peakAt?c`<dt></dt>
              <dd class="muted small" data-value="peak-at">${Et(t.peakAt,n,a)}</dd>`:m}
        <dt>${r("sizing.design",{factor:z(t.factor,n,2)})}</dt>
        <dd data-value="design">${_(t.designW,n)}</dd>
        <dt>${r("sizing.rating")}</dt>
        <dd data-value="rating">${s(t.ratingA)} · ${_(t.ratingW,n)}</dd>
        <dt>${r("sizing.unmanaged")}</dt>
        <dd class="strong" data-value="unmanaged">${s(t.unmanagedA)}</dd>
        <dt>${r("sizing.managed")}</dt>
        <dd class="strong" data-value="managed">${s(t.managedA)}</dd>
      </dl>
      ${t.additionalA!==null&&t.additionalA>0?c`<p class="small" data-role="additional">
            ${r("sizing.additional",{amps:G(t.additionalA,n)})}
          </p>`:m}
      ${t.hourly?c`<p class="muted small">${r("sizing.hourly_note")}</p>`:m}
      ${t.days===null?m:c`<p class="muted small" data-role="days">${r("sizing.days",{days:z(t.days,n,0)})}</p>`}`}render(){let t=$(this.hass?.language);return c`
      <p class="muted small" data-role="informative">${t("sizing.informative")}</p>
      ${this._loading&&!this._view?c`<p class="muted" data-role="loading">${t("sizing.loading")}</p>`:m}
      ${this._error?c`<p class="error" role="alert" data-role="error">${this._error}</p>`:m}
      ${this._view?this._renderView(this._view):m}
      <div class="row">
        <button data-action="refresh" ?disabled=${this._loading||!this.entryId} @click=${()=>this.load()}>
          ${t("sizing.refresh")}
        </button>
      </div>
    `}};J.properties={hass:{attribute:!1},entryId:{attribute:!1},_view:{state:!0},_error:{state:!0},_loading:{state:!0}},J.styles=Ae;var Ye=new Set(["shed","modulated"]),lr=new Set(["on","off","never_shed"]),dr=new Set(["unavailable","unknown"]);function ur(i){let e=g(i.lu??i.lc);if(e!==null)return e*1e3;let t=i.last_updated??i.last_changed,r=typeof t=="string"?Date.parse(t):Number.NaN;return Number.isFinite(r)?r:null}function ri(i){return String(i.s??i.state??"")}function ni(i,e=1){if(!Array.isArray(i))return[];let t=[];for(let r of i){if(!r||typeof r!="object")continue;let n=ur(r);if(n===null)continue;let s=g(ri(r));t.push({t:n,v:s===null?null:s*e})}return t.sort((r,n)=>r.t-n.t)}var cr=36e5;function ii(i){if(typeof i=="string"){let e=Date.parse(i);return Number.isFinite(e)?e:null}return g(i)}function mr(i,e){if(!Array.isArray(i))return[];let t=[],r=null,n=i.filter(s=>!!s&&typeof s=="object").map(s=>{let a=ii(s.start);return{start:a,end:ii(s.end)??(a??0)+cr,mean:g(s.mean)}}).filter(s=>s.start!==null&&s.end<=e).sort((s,a)=>s.start-a.start);for(let s of n)r!==null&&s.start>r&&t.push({t:r,v:null}),t.push({t:s.start,v:s.mean}),r=s.end;return r!==null&&r<e&&t.push({t:r,v:null}),t}function si(i,e){let t=i[0]?.t??Number.POSITIVE_INFINITY;return[...mr(e,t),...i]}function ai(i,e){let t=new Map;if(!i||typeof i!="object")return t;for(let r of e){let n=i[r];Array.isArray(n)&&n.length&&n[0]&&typeof n[0]=="object"&&t.set(r,ri(n[0]))}return t}function Je(i,e,t=new Map){if(!Array.isArray(i))return[];let r=i.filter(a=>!!a&&typeof a=="object").map(a=>({t:typeof a.when=="string"?Date.parse(a.when):(g(a.when)??Number.NaN)*1e3,entityId:typeof a.entity_id=="string"?a.entity_id:"",state:typeof a.state=="string"?a.state:"",name:typeof a.name=="string"?a.name:""})).filter(a=>Number.isFinite(a.t)&&e.has(a.entityId)&&a.state).sort((a,o)=>a.t-o.t),n=new Map(t),s=[];for(let a of r){if(dr.has(a.state))continue;let o=n.get(a.entityId);if(n.set(a.entityId,a.state),a.state===o)continue;let l=e.get(a.entityId)||a.name||a.entityId;Ye.has(a.state)&&!(o&&Ye.has(o))?s.push({t:a.t,kind:"shed",entityId:a.entityId,name:l,state:a.state}):lr.has(a.state)&&o&&Ye.has(o)&&s.push({t:a.t,kind:"restore",entityId:a.entityId,name:l,state:a.state})}return s}function Xe(i,e){let t=null;for(let r of i){if(r.t>e)break;t=r.v}return t}function oi(...i){let e=0;for(let t of i)for(let r of t)r.v!==null&&r.v<e&&(e=r.v);return e}function li(...i){let e=0;for(let t of i)for(let r of t)r.v!==null&&r.v>e&&(e=r.v);return e}function di(i,e=0){let t=Math.min(e*1.1,0),r=Math.max(i*1.1,t+1e3,0),n=[250,500,1e3,2e3,2500,5e3,1e4,2e4,25e3,5e4,1e5],s=r-t,a=n.find(h=>s/h<=5)??Math.ceil(s/5/1e5)*1e5,o=Math.ceil(r/a)*a,l=Math.floor(t/a)*a||0,u=[];for(let h=l;h<=o+1e-9;h+=a)u.push(h);return{min:l,max:o,ticks:u}}function hr(i){let e=null;try{e=new Intl.DateTimeFormat("en-GB",{hour:"2-digit",minute:"2-digit",hourCycle:"h23",timeZone:i})}catch{}return t=>{if(!e){let s=new Date(t);return[s.getHours(),s.getMinutes()]}let r=e.formatToParts(t),n=s=>Number(r.find(a=>a.type===s)?.value);return[n("hour"),n("minute")]}}function ui(i,e,t,r=6){let a=(e-i)/36e5,o=[1,2,3,6,12,24,48].find(h=>a/h<=r)??24,l=hr(t),u=[];for(let h=Math.floor(i/9e5)*9e5+9e5;h<e;h+=9e5){let[d,f]=l(h);f===0&&(o>=24?d===0:d%o===0)&&u.push(h)}return u}function Qe(i,e,t){let r=[],n=[],s=i.filter(a=>a.t<=t);return s.forEach((a,o)=>{let l=Math.max(a.t,e),u=Math.min(o+1<s.length?s[o+1].t:t,t);if(u<=e||a.v===null){n.length&&r.push(n),n=[];return}u>l&&n.push({t0:l,t1:u,v:a.v})}),n.length&&r.push(n),r}var S=i=>i.toFixed(1);function ze(i,e,t,r=!1){return i.map(n=>{let s=n[n.length-1];return r?`${n.map((o,l)=>`${l===0?"M":"L"}${S(e(o.t0))},${S(t(o.v))}`).join("")}L${S(e(s.t1))},${S(t(s.v))}`:n.map((a,o)=>`${o===0?`M${S(e(a.t0))},`:"V"}${S(t(a.v))}H${S(e(a.t1))}`).join("")}).join("")}function ci(i,e,t,r,n=!1){return i.map(s=>{let a=s[0],o=ze([s],e,t,n).replace(/^M/,"L");return`M${S(e(a.t0))},${S(r)}${o}V${S(r)}Z`}).join("")}function mi(i,e,t,r){let n=Math.max(1,Math.floor(r));if(i.length<=n*2)return i;let s=(t-e)/n,a=[],o=Number.NaN,l=0,u=null,h=null,d=()=>{if(u)if(h&&h.v!==null&&u.v!==null&&h.v<0&&h.v<u.v){let[f,p]=h.t<u.t?[h,u]:[u,h];a.push({t:l,v:f.v},{t:l+s/2,v:p.v})}else a.push({t:l,v:u.v})};for(let f of i){let p=f.t<e?-1:Math.floor((f.t-e)/s);p!==o||u===null?(d(),o=p,l=p<0?f.t:e+p*s,u={...f},h=p<0?null:{...f}):p<0?(l=f.t,u={...f}):f.v!==null&&((u.v===null||f.v>u.v)&&(u={...f}),h&&(h.v===null||f.v<h.v)&&(h={...f}))}return d(),a}var Ce=190,W=18,pr=22,P=46,fr=8;function pi(i){return i.locale?.time_zone==="server"?i.config?.time_zone:void 0}function hi(i,e){let t=i.locale?.time_format,r={hour:e?"numeric":"2-digit",minute:e?void 0:"2-digit",hour12:t==="12"?!0:t==="24"?!1:void 0,timeZone:pi(i)};try{return new Intl.DateTimeFormat(i.locale?.language||i.language||"en",r)}catch{return new Intl.DateTimeFormat("en",{hour:"2-digit",minute:"2-digit"})}}function fi(i,e,t,r,n){let s=t.locale?.language||t.language||"en",a=Math.max(e-32,240),o=a-P-fr,l=Ce-pr,{min:u,max:h,ticks:d}=di(li(i.power,i.limit),oi(i.power,i.limit)),f=Math.max(i.end-i.start,1),p=v=>P+(v-i.start)/f*o,w=v=>l-(Math.max(u,Math.min(v,h))-u)/(h-u)*(l-W),k=hi(t,!1),j=hi(t,!0),y=Qe(mi(i.power,i.start,i.end,o/2),i.start,i.end),E=Qe(i.limit,i.start,i.end),rt=i.events.filter(v=>v.kind==="shed").length,Li=i.events.length-rt;if(!y.length&&!E.length)return c`<div class="message" data-role="empty">${r("timeline.no_data")}</div>`;let Mi=v=>{let R=v.currentTarget.getBoundingClientRect(),ee=(v.clientX-R.left)/R.width*a;n.set(ee<P||ee>P+o?null:i.start+(ee-P)/o*f)},A=n.t;return c`
    <div class="chart">
      <svg
        viewBox="0 0 ${a} ${Ce}"
        width=${a}
        height=${Ce}
        role="img"
        aria-label=${`${r("timeline.power")} / ${r("timeline.limit")}`}
        @pointermove=${Mi}
        @pointerleave=${()=>n.set(null)}
      >
        ${d.map(v=>le`<line class=${v===0&&u<0?"grid zero":"grid"} x1=${P} x2=${P+o} y1=${w(v)} y2=${w(v)}></line>
            <text class="ylabel" x=${P-6} y=${w(v)+4}>${St(v,s)}</text>`)}
        ${ui(i.start,i.end,pi(t),Math.max(2,Math.floor(o/64))).map(v=>le`<line class="grid vgrid" x1=${p(v)} x2=${p(v)} y1=${W} y2=${l}></line>
            <text class="xlabel" x=${p(v)} y=${Ce-6}>${j.format(v)}</text>`)}
        <path class="power-area" d=${ci(y,p,w,w(0),!0)}></path>
        <path class="power-line" data-series="power" d=${ze(y,p,w,!0)}></path>
        <path class="limit-line" data-series="limit" d=${ze(E,p,w)}></path>
        ${i.events.map(v=>{let R=p(v.t),ee=v.kind==="shed"?`M${R-5},${W-12}h10l-5,8z`:`M${R-5},${W-4}h10l-5,-8z`;return le`<g class="event ${v.kind}" data-kind=${v.kind} data-entity=${v.entityId}>
            <title>${k.format(v.t)} ${v.name}: ${r(v.kind==="shed"?"timeline.shed":"timeline.restored")}</title>
            <line x1=${R} x2=${R} y1=${W} y2=${l}></line>
            <path d=${ee}></path>
          </g>`})}
        ${A===null?m:le`<line class="cursor" x1=${p(A)} x2=${p(A)} y1=${W} y2=${l}></line>`}
      </svg>
      ${A===null?m:c`<div class="readout" style=${p(A)>a/2?`right:${a-p(A)+8}px`:`left:${p(A)+8}px`}>
            <b>${k.format(A)}</b>
            <span>${r("timeline.power")}: ${_(Xe(i.power,A),s)}</span>
            <span>${r("timeline.limit")}: ${_(Xe(i.limit,A),s)}</span>
          </div>`}
    </div>
    <div class="legend">
      <span><i class="swatch power"></i>${r("timeline.power")}</span>
      <span><i class="swatch limit"></i>${r("timeline.limit")}</span>
      <span data-role="event-count"><i class="tri shed">▼</i>${r("timeline.shed")} ${rt}</span>
      <span><i class="tri restore">▲</i>${r("timeline.restored")} ${Li}</span>
    </div>
  `}var gi=b`
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
`;var Le="capacity-manager-timeline-card",tt="capacity-manager-timeline-card-editor",gr=5*6e4,vr=24;function et(i){return i.loads.map(e=>e.entities.load_status).filter(e=>!!e)}var X=class extends x{constructor(){super(...arguments);this._error=!1;this._width=0;this._hover=null;this._live=[];this._liveFrom=new Map;this._loading=!1;this._loadedFor="";this._cache=new K}static getConfigElement(){return document.createElement(tt)}static getStubConfig(t){return{type:`custom:${Le}`,...be(t)}}setConfig(t){Ze(t);let r=t.hours_to_show;if(r!==void 0&&(typeof r!="number"||!(r>=1&&r<=168)))throw new Error("Invalid configuration: hours_to_show must be a number from 1 to 168.");this._config={...t}}getCardSize(){return 4}getGridOptions(){return{columns:12,min_columns:6}}get _hours(){return this._config?.hours_to_show??vr}connectedCallback(){super.connectedCallback(),this._timer=window.setInterval(()=>{this._load(!0)},gr),this._resize=new ResizeObserver(t=>{let r=Math.floor(t[0]?.contentRect.width??0);r&&r!==this._width&&(this._width=r)}),this._resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),window.clearInterval(this._timer),this._resize?.disconnect()}shouldUpdate(t){if(t.size===1&&t.has("hass")){let r=t.get("hass"),n=this._found(),s=n?[n.site.site_power,n.site.effective_limit,...et(n)]:[];return!r||s.some(a=>a&&r.states[a]!==this.hass?.states[a])||r.language!==this.hass?.language}return!0}willUpdate(t){let r=t.get("hass"),n=this.hass,s=this._found();if(!r||!n||!s||!this._data)return;let a=this._data.end,o=et(s).filter(l=>n.states[l]&&r.states[l]?.state!==n.states[l]?.state).map(l=>{let u=n.states[l];return{when:Math.max(Date.parse(u.last_changed)||Date.now(),a+1)/1e3,entity_id:l,state:u.state}});o.length&&(this._live=[...this._live,...o])}updated(){let t=this._found(),r=JSON.stringify([t?.panelDeviceId,this._hours]);this.hass&&t&&r!==this._loadedFor&&(this._loadedFor=r,this._load(!1))}_found(){return this._cache.get(this.hass,this._config)}async _load(t){let r=this.hass,n=this._found();if(!r||!n||this._loading)return;let s=n.site.site_power,a=n.site.effective_limit,o=et(n),l=Date.now(),u=l-this._hours*36e5,h={start_time:new Date(u).toISOString(),end_time:new Date(l).toISOString()};this._loading=!0;try{let[d,f,p]=await Promise.all([r.connection.sendMessagePromise({type:"history/history_during_period",...h,entity_ids:[s,a,...o].filter(Boolean),minimal_response:!0,no_attributes:!0,significant_changes_only:!1}),o.length?r.connection.sendMessagePromise({type:"logbook/get_events",...h,entity_ids:o}):Promise.resolve([]),r.connection.sendMessagePromise({type:"recorder/statistics_during_period",start_time:new Date(Math.floor(u/36e5)*36e5).toISOString(),end_time:h.end_time,statistic_ids:[s,a].filter(Boolean),period:"hour",types:["mean"],units:{power:"W"}}).catch(()=>({}))]),w=new Map(n.loads.map(y=>[y.entities.load_status,y.name])),k=y=>y?si(ni(d?.[y],Be(r.states[y])),p?.[y]):[];this._data={start:u,end:l,power:k(s),limit:k(a),events:Je(f,w,ai(d,o))};let j=this.hass??r;this._liveFrom=new Map(o.map(y=>[y,j.states[y]?.state??""])),this._live=[],this._error=!1}catch(d){(!t||!this._data)&&(this._error=!0),console.warn("capacity-manager-timeline-card: history could not be loaded",d)}finally{this._loading=!1}}_liveData(t){let r=this._data,n=this.hass;if(!r||!n)return r;let s=Math.max(Date.now(),r.end),a=s-this._hours*36e5,o=(d,f)=>{let p=f?q(n.states[f]):null;return p===null?d:[...d,{t:s,v:p}]},l=new Map(t.loads.map(d=>[d.entities.load_status,d.name])),u=Je(this._live,l,this._liveFrom),h=[...r.events,...u].filter(d=>d.t>=a);return{start:a,end:s,power:o(r.power,t.site.site_power),limit:o(r.limit,t.site.effective_limit),events:h}}render(){if(!this._config||!this.hass)return m;let t=$(this.hass.language),r=this._found(),n=this._config.title||de(r?.panelDeviceId?this.hass.devices[r.panelDeviceId]:void 0)||t("timeline.name"),s;if(!r)s=c`<div class="message" data-role="error">${t("error.not_found")}</div>`;else if(this._error)s=c`<div class="message" data-role="error">${t("timeline.error")}</div>`;else{let a=this._liveData(r);s=a?fi(a,this._width,this.hass,t,{t:this._hover,set:o=>this._hover=o}):c`<div class="message" data-role="loading">${t("timeline.loading")}</div>`}return c`
      <ha-card>
        <div class="header">
          <span class="title">${n}</span>
          <span class="muted subtitle">${t("timeline.hours",{hours:this._hours})}</span>
        </div>
        ${s}
      </ha-card>
    `}};X.properties={hass:{attribute:!1},_config:{state:!0},_data:{state:!0},_error:{state:!0},_width:{state:!0},_hover:{state:!0},_live:{state:!0}},X.styles=[$e,gi];var wi="simulate",bi="simulate_cancel",yi="capacity_manager_simulate_progress",xi="simulate_cancelled",fe=31;function $i(){return{period:"last",days:"7",start:"",end:"",limit:"",unit:"kW",excluded:[]}}function ki(i){return g(i.trim().replace(",","."))}function vi(i){return/^\d{4}-\d{2}-\d{2}$/.test(i)&&!Number.isNaN(Date.parse(`${i}T00:00:00Z`))}function _r(i){let e=new Date(`${i}T00:00:00Z`);return e.setUTCDate(e.getUTCDate()+1),e.toISOString().slice(0,10)}function it(i,e){if(!i.limit.trim())return null;let t=ki(i.limit);return t===null||t<=0?"invalid":Math.round(i.unit==="A"?t*e:t*1e3)}function Ai(i,e,t,r,n){let s={config_entry_id:e};if(i.period==="last"){let l=ki(i.days);if(l===null||!Number.isInteger(l)||l<1||l>fe)return{error:"whatif.error.days"};s.start=new Date(n.getTime()-l*864e5).toISOString(),s.end=n.toISOString()}else{if(!vi(i.start)||!vi(i.end))return{error:"whatif.error.dates"};if(i.end<i.start)return{error:"whatif.error.order"};if((Date.parse(i.end)-Date.parse(i.start))/864e5+1>fe)return{error:"whatif.error.days"};s.start=`${i.start} 00:00:00`,s.end=`${_r(i.end)} 00:00:00`}let a=it(i,r);if(a==="invalid")return{error:"whatif.error.limit"};a!==null&&(s.limit=a);let o=t.filter(l=>!i.excluded.includes(l.ref));return t.length&&!o.length?{error:"whatif.error.loads"}:(o.length<t.length&&(s.loads=o.map(l=>l.ref)),{data:s})}function Si(i,e){let t=i?.data;if(!t||t.config_entry_id!==e)return null;let r=g(t.done)??0,n=Math.max(1,g(t.total)??1);return t.stage==="history"?r>=n?{fraction:.9,text:"whatif.progress.simulating",vars:{}}:{fraction:.9*r/n,text:"whatif.progress.history",vars:{done:r,total:n}}:t.stage==="simulate"?{fraction:1,text:"whatif.progress.simulating",vars:{}}:null}function V(i){return i&&typeof i=="object"&&!Array.isArray(i)?i:{}}function _i(i){let e=V(i),t=r=>g(e[r])??0;return{minutesAbove:t("minutes_above_limit"),unavoidableMinutes:t("unavoidable_minutes_above_limit"),overloads:t("overload_events"),maxOvershootW:t("max_overshoot_w"),energyAboveKwh:t("energy_above_limit_kwh"),sheds:t("sheds"),deferredKwh:t("energy_deferred_kwh"),unservedKwh:t("energy_unserved_kwh"),evSessions:t("ev_sessions"),evDelayed:t("ev_sessions_delayed"),evMeanDelayMin:t("ev_mean_delay_min")}}function Ei(i){let e=V(i),t=V(e.managed),r=Object.entries(V(t.per_load)).map(([a,o])=>{let l=V(o);return{name:a,sheds:g(l.sheds)??0,minutes:g(l.shed_minutes)??0,deferredKwh:g(l.energy_deferred_kwh)??0}}).sort((a,o)=>o.minutes-a.minutes||o.sheds-a.sheds||a.name.localeCompare(o.name)),n=(Array.isArray(e.loads)?e.loads:[]).map(V).filter(a=>a.simulated===!1&&typeof a.load=="string").map(a=>String(a.load)),s={};for(let[a,o]of Object.entries(V(e.resolution_days))){let l=g(o);l&&(s[a]=l)}return{start:typeof e.start=="string"?e.start:null,end:typeof e.end=="string"?e.end:null,limitW:g(e.limit_w),managed:_i(e.managed),unmanaged:_i(e.uncontrolled),perLoad:r,notSimulated:n,resolution:s}}function wr(i){let e=Math.max(0,Math.round(i));return{hours:Math.floor(e/60),minutes:e%60}}function Ti(i,e){if(i>0&&i<.5)return e("duration.under_minute");let{hours:t,minutes:r}=wr(i);return t?e("duration.hours",{h:t,m:r}):e("duration.minutes",{m:r})}function zi(i,e,t,r){let n=_(i.limitW,e),{managed:s,unmanaged:a}=i,o=d=>Ti(d,t),l=s.minutesAbove<=0?t("whatif.verdict.ok",{limit:n}):t("whatif.verdict.over",{limit:n,time:o(s.minutesAbove)}),u=[["above",t("whatif.row.above"),d=>o(d.minutesAbove)],["overloads",t("whatif.row.overloads"),d=>z(d.overloads,e)],["overshoot",t("whatif.row.overshoot"),d=>_(d.maxOvershootW,e)],["energy-above",t("whatif.row.energy_above"),d=>ye(d.energyAboveKwh,e)]],h=Object.entries(i.resolution).map(([d,f])=>{let p=`whatif.resolution.${d}`,w=t(p,{n:f});return w===p?`${d.replace(/_/g," ")} (${f} d)`:w}).join(", ");return c`<div
    data-role="result"
    data-start=${i.start??""}
    data-end=${i.end??""}
    data-limit-w=${i.limitW??""}
    data-progress-events=${r}
  >
    <p class="verdict ${s.minutesAbove<=0?"ok":""}" data-role="verdict">${l}</p>
    ${s.unavoidableMinutes>0?c`<p class="muted small">${t("whatif.unavoidable",{time:o(s.unavoidableMinutes)})}</p>`:m}
    <table class="compare">
      <thead>
        <tr>
          <th></th>
          <th>${t("whatif.managed")}</th>
          <th>${t("whatif.unmanaged")}</th>
        </tr>
      </thead>
      <tbody>
        ${u.map(([d,f,p])=>c`<tr data-row=${d}>
            <td>${f}</td>
            <td data-value="managed">${p(s)}</td>
            <td data-value="unmanaged">${p(a)}</td>
          </tr>`)}
      </tbody>
    </table>
    <dl>
      <dt>${t("whatif.deferred")}</dt>
      <dd data-value="deferred">${ye(s.deferredKwh,e)}</dd>
      <dt>${t("whatif.unserved")}</dt>
      <dd data-value="unserved">${ye(s.unservedKwh,e)}</dd>
      <dt>${t("whatif.ev_delayed")}</dt>
      <dd data-value="ev-delayed">
        ${t("whatif.ev_of",{n:s.evDelayed,total:s.evSessions})}
      </dd>
    </dl>
    ${i.perLoad.length?c`<table class="per-load">
          <thead>
            <tr>
              <th>${t("whatif.load")}</th>
              <th>${t("whatif.sheds")}</th>
              <th>${t("whatif.shed_time")}</th>
            </tr>
          </thead>
          <tbody>
            ${i.perLoad.map(d=>c`<tr data-load=${d.name}>
                <td>${d.name}</td>
                <td data-value="sheds">${z(d.sheds,e)}</td>
                <td data-value="minutes">${o(d.minutes)}</td>
              </tr>`)}
          </tbody>
        </table>`:m}
    ${i.notSimulated.length?c`<p class="muted small" data-role="not-simulated">
          ${t("whatif.not_simulated",{loads:i.notSimulated.join(", ")})}
        </p>`:m}
    ${h?c`<p class="muted small" data-role="resolution">${t("whatif.history",{days:h})}</p>`:m}
  </div>`}var Ci="capacity-manager-what-if",Q=class extends x{constructor(){super(...arguments);this.entryId=null;this.loads=[];this.voltsBasis=230;this.voltsAssumed=!0;this.currentLimitW=null;this._form=$i();this._running=!1;this._progress=null;this._result=null;this._error=null;this._cancelled=!1;this._events=0}shouldUpdate(t){if(t.size===1&&t.has("hass")){let r=t.get("hass");return!r||r.language!==this.hass?.language}return!0}get _localize(){return $(this.hass?.language)}get _lang(){return this.hass?.locale?.language||this.hass?.language||"en"}_set(t){this._form={...this._form,...t},this._error=null}_toggleLoad(t,r){let n=this._form.excluded.filter(s=>s!==t);this._set({excluded:r?n:[...n,t]})}async run(){let t=this.hass,r=this.entryId;if(!t||!r||this._running)return;let n=this._localize,s=Ai(this._form,r,this.loads,this.voltsBasis,new Date);if("error"in s){this._error=n(s.error,{days:fe});return}this._running=!0,this._error=null,this._result=null,this._cancelled=!1,this._events=0,this._progress={fraction:0,text:"whatif.progress.start",vars:{}};let a=await Yt(t,yi,o=>{let l=Si(o,r);l&&this._running&&(this._events+=1,this._progress=l)});a||(this._progress={fraction:0,text:"whatif.progress.simulating",vars:{}});try{this._result=Ei(await me(t,wi,s.data))}catch(o){let l=he(o);l.key===xi?this._cancelled=!0:this._error=await pe(t,l,n("whatif.error.failed"))}finally{a?.(),this._running=!1,this._progress=null}}async cancel(){if(!(!this.hass||!this.entryId||!this._running))try{await me(this.hass,bi,{config_entry_id:this.entryId})}catch(t){this._error=await pe(this.hass,he(t),this._localize("whatif.error.failed"))}}_limitHint(t){let r=this._form;if(!r.limit.trim())return this.currentLimitW===null?t("whatif.limit_default_plain"):t("whatif.limit_default",{limit:_(this.currentLimitW,this._lang)});let n=it(r,this.voltsBasis);return r.unit!=="A"||typeof n!="number"?"":t(this.voltsAssumed?"whatif.amps_assumed":"whatif.amps",{power:_(n,this._lang),volts:z(this.voltsBasis,this._lang)})}_renderForm(t){let r=this._form,n=this._running,s=a=>a.target.value;return c`
      <div class="row">
        <span class="label">${t("whatif.period")}</span>
        <div class="segmented" role="group" aria-label=${t("whatif.period")}>
          ${["last","range"].map(a=>c`<button
              data-period=${a}
              aria-pressed=${r.period===a?"true":"false"}
              ?disabled=${n}
              @click=${()=>this._set({period:a})}
            >
              ${t(a==="last"?"whatif.period_last":"whatif.period_range")}
            </button>`)}
        </div>
        ${r.period==="last"?c`<input
                type="number"
                name="days"
                min="1"
                max=${fe}
                step="1"
                aria-label=${t("whatif.days")}
                .value=${r.days}
                ?disabled=${n}
                @input=${a=>this._set({days:s(a)})}
              /><span class="muted">${t("whatif.days")}</span>`:c`<input
                type="date"
                name="start"
                aria-label=${t("whatif.start")}
                .value=${r.start}
                ?disabled=${n}
                @input=${a=>this._set({start:s(a)})}
              /><span class="muted">–</span
              ><input
                type="date"
                name="end"
                aria-label=${t("whatif.end")}
                .value=${r.end}
                ?disabled=${n}
                @input=${a=>this._set({end:s(a)})}
              />`}
      </div>
      <div class="row">
        <label class="label" for="limit">${t("whatif.limit")}</label>
        <input
          id="limit"
          name="limit"
          inputmode="decimal"
          autocomplete="off"
          placeholder=${this.currentLimitW===null?"":z(this.currentLimitW/1e3,this._lang,1)}
          .value=${r.limit}
          ?disabled=${n}
          @input=${a=>this._set({limit:s(a)})}
        />
        <select
          name="unit"
          aria-label=${t("whatif.unit")}
          ?disabled=${n}
          @change=${a=>this._set({unit:s(a)==="A"?"A":"kW"})}
        >
          <option value="kW" ?selected=${r.unit==="kW"}>kW</option>
          <option value="A" ?selected=${r.unit==="A"}>A</option>
        </select>
        <span class="muted small" data-role="limit-hint">${this._limitHint(t)}</span>
      </div>
      ${this.loads.length?c`<div class="row">
            <span class="label">${t("whatif.loads")}</span>
            <div class="loads">
              ${this.loads.map(a=>c`<label
                  ><input
                    type="checkbox"
                    data-load=${a.ref}
                    .checked=${!r.excluded.includes(a.ref)}
                    ?disabled=${n}
                    @change=${o=>this._toggleLoad(a.ref,o.target.checked)}
                  />${a.name}</label
                >`)}
            </div>
          </div>`:m}
      <div class="row">
        ${n?c`<button class="cancel" data-action="cancel" @click=${()=>this.cancel()}>${t("whatif.cancel")}</button>`:c`<button class="primary" data-action="run" ?disabled=${!this.entryId} @click=${()=>this.run()}>
              ${t("whatif.run")}
            </button>`}
      </div>
    `}_renderProgress(t){let r=this._progress;return r?c`<div data-role="progress" data-stage=${r.text}>
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
    </div>`:m}render(){let t=this._localize;return c`
      <p class="muted small">${t("whatif.intro")}</p>
      ${this._renderForm(t)} ${this._renderProgress(t)}
      ${this._error?c`<p class="error" role="alert" data-role="error">${this._error}</p>`:m}
      ${this._cancelled?c`<p class="muted" data-role="cancelled">${t("whatif.cancelled")}</p>`:m}
      ${this._result?zi(this._result,this._lang,t,this._events):m}
    `}};Q.properties={hass:{attribute:!1},entryId:{attribute:!1},loads:{attribute:!1},voltsBasis:{attribute:!1},voltsAssumed:{attribute:!1},currentLimitW:{attribute:!1},_form:{state:!0},_running:{state:!0},_progress:{state:!0},_result:{state:!0},_error:{state:!0},_cancelled:{state:!0}},Q.styles=Ae;var br="https://github.com/capacity-manager/capacity-manager",yr=[[Se,Z],[qe,Ee],[Le,X],[tt,Te],[Ci,Q],[ti,J]];function xr(){for(let[i,e]of yr)customElements.get(i)||customElements.define(i,e)}function $r(){let i=$(document.documentElement.lang||navigator.language),e=window.customCards??=[],t=[{type:Se,name:i("card.name"),description:i("card.description")},{type:Le,name:i("timeline.name"),description:i("timeline.description")}];for(let r of t)e.some(n=>n.type===r.type)||e.push({...r,preview:!0,documentationURL:br})}$r();customElements.whenDefined("home-assistant").then(xr);
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
