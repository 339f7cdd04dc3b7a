var re=globalThis,se=re.ShadowRoot&&(re.ShadyCSS===void 0||re.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,be=Symbol(),je=new WeakMap,j=class{constructor(e,t,n){if(this._$cssResult$=!0,n!==be)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(se&&e===void 0){let n=t!==void 0&&t.length===1;n&&(e=je.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),n&&je.set(t,e))}return e}toString(){return this.cssText}},Ke=i=>new j(typeof i=="string"?i:i+"",void 0,be),b=(i,...e)=>{let t=i.length===1?i[0]:e.reduce((n,r,s)=>n+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(r)+i[s+1],i[0]);return new j(t,i,be)},Ge=(i,e)=>{if(se)i.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let n=document.createElement("style"),r=re.litNonce;r!==void 0&&n.setAttribute("nonce",r),n.textContent=t.cssText,i.appendChild(n)}},xe=se?i=>i:i=>i instanceof CSSStyleSheet?(e=>{let t="";for(let n of e.cssRules)t+=n.cssText;return Ke(t)})(i):i;var{is:Wt,defineProperty:Ft,getOwnPropertyDescriptor:jt,getOwnPropertyNames:Kt,getOwnPropertySymbols:Gt,getPrototypeOf:Bt}=Object,oe=globalThis,Be=oe.trustedTypes,qt=Be?Be.emptyScript:"",Zt=oe.reactiveElementPolyfillSupport,K=(i,e)=>i,$e={toAttribute(i,e){switch(e){case Boolean:i=i?qt:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,e){let t=i;switch(e){case Boolean:t=i!==null;break;case Number:t=i===null?null:Number(i);break;case Object:case Array:try{t=JSON.parse(i)}catch{t=null}}return t}},Ze=(i,e)=>!Wt(i,e),qe={attribute:!0,type:String,converter:$e,reflect:!1,useDefault:!1,hasChanged:Ze};Symbol.metadata??=Symbol("metadata"),oe.litPropertyMetadata??=new WeakMap;var k=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=qe){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&Ft(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:s}=jt(this.prototype,e)??{get(){return this[t]},set(o){this[t]=o}};return{get:r,set(o){let a=r?.call(this);s?.call(this,o),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??qe}static _$Ei(){if(this.hasOwnProperty(K("elementProperties")))return;let e=Bt(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(K("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(K("properties"))){let t=this.properties,n=[...Kt(t),...Gt(t)];for(let r of n)this.createProperty(r,t[r])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[n,r]of t)this.elementProperties.set(n,r)}this._$Eh=new Map;for(let[t,n]of this.elementProperties){let r=this._$Eu(t,n);r!==void 0&&this._$Eh.set(r,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let r of n)t.unshift(xe(r))}else e!==void 0&&t.push(xe(e));return t}static _$Eu(e,t){let n=t.attribute;return n===!1?void 0:typeof n=="string"?n:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Ge(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&n.reflect===!0){let s=(n.converter?.toAttribute!==void 0?n.converter:$e).toAttribute(t,n.type);this._$Em=e,s==null?this.removeAttribute(r):this.setAttribute(r,s),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let s=n.getPropertyOptions(r),o=typeof s.converter=="function"?{fromAttribute:s.converter}:s.converter?.fromAttribute!==void 0?s.converter:$e;this._$Em=r;let a=o.fromAttribute(t,s.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,s){if(e!==void 0){let o=this.constructor;if(r===!1&&(s=this[e]),n??=o.getPropertyOptions(e),!((n.hasChanged??Ze)(s,t)||n.useDefault&&n.reflect&&s===this._$Ej?.get(e)&&!this.hasAttribute(o._$Eu(e,n))))return;this.C(e,t,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:s},o){n&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,o??t??this[e]),s!==!0||o!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),r===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[r,s]of this._$Ep)this[r]=s;this._$Ep=void 0}let n=this.constructor.elementProperties;if(n.size>0)for(let[r,s]of n){let{wrapped:o}=s,a=this[r];o!==!0||this._$AL.has(r)||a===void 0||this.C(r,void 0,s,a)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(t)):this._$EM()}catch(n){throw e=!1,this._$EM(),n}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};k.elementStyles=[],k.shadowRootOptions={mode:"open"},k[K("elementProperties")]=new Map,k[K("finalized")]=new Map,Zt?.({ReactiveElement:k}),(oe.reactiveElementVersions??=[]).push("2.1.2");var Te=globalThis,Ye=i=>i,ae=Te.trustedTypes,Je=ae?ae.createPolicy("lit-html",{createHTML:i=>i}):void 0,nt="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,rt="?"+S,Yt=`<${rt}>`,L=document,B=()=>L.createComment(""),q=i=>i===null||typeof i!="object"&&typeof i!="function",Me=Array.isArray,Jt=i=>Me(i)||typeof i?.[Symbol.iterator]=="function",we=`[ 	
\f\r]`,G=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Xe=/-->/g,Qe=/>/g,P=RegExp(`>|${we}(?:([^\\s"'>=/]+)(${we}*=${we}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),et=/'/g,tt=/"/g,st=/^(?:script|style|textarea|title)$/i,Pe=i=>(e,...t)=>({_$litType$:i,strings:e,values:t}),p=Pe(1),J=Pe(2),Mi=Pe(3),H=Symbol.for("lit-noChange"),m=Symbol.for("lit-nothing"),it=new WeakMap,R=L.createTreeWalker(L,129);function ot(i,e){if(!Me(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return Je!==void 0?Je.createHTML(e):e}var Xt=(i,e)=>{let t=i.length-1,n=[],r,s=e===2?"<svg>":e===3?"<math>":"",o=G;for(let a=0;a<t;a++){let l=i[a],d,c,u=-1,h=0;for(;h<l.length&&(o.lastIndex=h,c=o.exec(l),c!==null);)h=o.lastIndex,o===G?c[1]==="!--"?o=Xe:c[1]!==void 0?o=Qe:c[2]!==void 0?(st.test(c[2])&&(r=RegExp("</"+c[2],"g")),o=P):c[3]!==void 0&&(o=P):o===P?c[0]===">"?(o=r??G,u=-1):c[1]===void 0?u=-2:(u=o.lastIndex-c[2].length,d=c[1],o=c[3]===void 0?P:c[3]==='"'?tt:et):o===tt||o===et?o=P:o===Xe||o===Qe?o=G:(o=P,r=void 0);let g=o===P&&i[a+1].startsWith("/>")?" ":"";s+=o===G?l+Yt:u>=0?(n.push(d),l.slice(0,u)+nt+l.slice(u)+S+g):l+S+(u===-2?a:g)}return[ot(i,s+(i[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),n]},Z=class i{constructor({strings:e,_$litType$:t},n){let r;this.parts=[];let s=0,o=0,a=e.length-1,l=this.parts,[d,c]=Xt(e,t);if(this.el=i.createElement(d,n),R.currentNode=this.el.content,t===2||t===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(r=R.nextNode())!==null&&l.length<a;){if(r.nodeType===1){if(r.hasAttributes())for(let u of r.getAttributeNames())if(u.endsWith(nt)){let h=c[o++],g=r.getAttribute(u).split(S),y=/([.?@])?(.*)/.exec(h);l.push({type:1,index:s,name:y[2],strings:g,ctor:y[1]==="."?ke:y[1]==="?"?Se:y[1]==="@"?Ee:N}),r.removeAttribute(u)}else u.startsWith(S)&&(l.push({type:6,index:s}),r.removeAttribute(u));if(st.test(r.tagName)){let u=r.textContent.split(S),h=u.length-1;if(h>0){r.textContent=ae?ae.emptyScript:"";for(let g=0;g<h;g++)r.append(u[g],B()),R.nextNode(),l.push({type:2,index:++s});r.append(u[h],B())}}}else if(r.nodeType===8)if(r.data===rt)l.push({type:2,index:s});else{let u=-1;for(;(u=r.data.indexOf(S,u+1))!==-1;)l.push({type:7,index:s}),u+=S.length-1}s++}}static createElement(e,t){let n=L.createElement("template");return n.innerHTML=e,n}};function D(i,e,t=i,n){if(e===H)return e;let r=n!==void 0?t._$Co?.[n]:t._$Cl,s=q(e)?void 0:e._$litDirective$;return r?.constructor!==s&&(r?._$AO?.(!1),s===void 0?r=void 0:(r=new s(i),r._$AT(i,t,n)),n!==void 0?(t._$Co??=[])[n]=r:t._$Cl=r),r!==void 0&&(e=D(i,r._$AS(i,e.values),r,n)),e}var Ae=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??L).importNode(t,!0);R.currentNode=r;let s=R.nextNode(),o=0,a=0,l=n[0];for(;l!==void 0;){if(o===l.index){let d;l.type===2?d=new Y(s,s.nextSibling,this,e):l.type===1?d=new l.ctor(s,l.name,l.strings,this,e):l.type===6&&(d=new Ce(s,this,e)),this._$AV.push(d),l=n[++a]}o!==l?.index&&(s=R.nextNode(),o++)}return R.currentNode=L,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(e,n,t),t+=n.strings.length-2):n._$AI(e[t])),t++}},Y=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=m,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=D(this,e,t),q(e)?e===m||e==null||e===""?(this._$AH!==m&&this._$AR(),this._$AH=m):e!==this._$AH&&e!==H&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):Jt(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==m&&q(this._$AH)?this._$AA.nextSibling.data=e:this.T(L.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n=="number"?this._$AC(e):(n.el===void 0&&(n.el=Z.createElement(ot(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let s=new Ae(r,this),o=s.u(this.options);s.p(t),this.T(o),this._$AH=s}}_$AC(e){let t=it.get(e.strings);return t===void 0&&it.set(e.strings,t=new Z(e)),t}k(e){Me(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,n,r=0;for(let s of e)r===t.length?t.push(n=new i(this.O(B()),this.O(B()),this,this.options)):n=t[r],n._$AI(s),r++;r<t.length&&(this._$AR(n&&n._$AB.nextSibling,r),t.length=r)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let n=Ye(e).nextSibling;Ye(e).remove(),e=n}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},N=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,s){this.type=1,this._$AH=m,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=s,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=m}_$AI(e,t=this,n,r){let s=this.strings,o=!1;if(s===void 0)e=D(this,e,t,0),o=!q(e)||e!==this._$AH&&e!==H,o&&(this._$AH=e);else{let a=e,l,d;for(e=s[0],l=0;l<s.length-1;l++)d=D(this,a[n+l],t,l),d===H&&(d=this._$AH[l]),o||=!q(d)||d!==this._$AH[l],d===m?e=m:e!==m&&(e+=(d??"")+s[l+1]),this._$AH[l]=d}o&&!r&&this.j(e)}j(e){e===m?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},ke=class extends N{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===m?void 0:e}},Se=class extends N{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==m)}},Ee=class extends N{constructor(e,t,n,r,s){super(e,t,n,r,s),this.type=5}_$AI(e,t=this){if((e=D(this,e,t,0)??m)===H)return;let n=this._$AH,r=e===m&&n!==m||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,s=e!==m&&(n===m||r);r&&this.element.removeEventListener(this.name,this,n),s&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Ce=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){D(this,e)}};var Qt=Te.litHtmlPolyfillSupport;Qt?.(Z,Y),(Te.litHtmlVersions??=[]).push("3.3.3");var at=(i,e,t)=>{let n=t?.renderBefore??e,r=n._$litPart$;if(r===void 0){let s=t?.renderBefore??null;n._$litPart$=r=new Y(e.insertBefore(B(),s),s,void 0,t??{})}return r._$AI(i),r};var Re=globalThis,x=class extends k{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=at(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return H}};x._$litElement$=!0,x.finalized=!0,Re.litElementHydrateSupport?.({LitElement:x});var ei=Re.litElementPolyfillSupport;ei?.({LitElement:x});(Re.litElementVersions??=[]).push("4.2.2");var le="capacity_manager",lt={site_power:"sensor",effective_limit:"sensor",headroom:"sensor",status:"sensor",loads_shed:"sensor",curtailed_energy:"sensor",last_action:"sensor",overload:"binary_sensor",mode:"select",limit_override:"number",restore_all:"button"},ti={load_status:"sensor",managed:"switch",priority:"number"};function ii(i){return i.slice(0,i.indexOf("."))}function dt(i){return Object.values(i.entities??{}).filter(e=>e.platform===le)}function Le(i,e){let t=i.translation_key;return!t||!(t in e)?null:e[t]===ii(i.entity_id)?t:null}function X(i){return i?.name_by_user||i?.name||null}function ct(i,e){let t=i.devices??{};if(e.device_id)return e.device_id in t?e.device_id:null;let n=dt(i).filter(r=>{let s=Le(r,lt);return(s==="site_power"||s==="mode")&&r.device_id}).map(r=>r.device_id).filter(r=>{let s=t[r];return s?!e.entry_id||(s.config_entries??[]).includes(e.entry_id):!1});return n.length?[...new Set(n)].sort()[0]:null}function ni(i,e){let t=ct(i,e);if(!t)return null;let n=i.devices??{},r={},s=new Map;for(let a of dt(i).sort((l,d)=>l.entity_id.localeCompare(d.entity_id))){let l=a.device_id??null;if(!l)continue;if(l===t){let u=Le(a,lt);u&&!r[u]&&(r[u]=a.entity_id);continue}if(n[l]?.via_device_id!==t)continue;let d=Le(a,ti);if(!d)continue;let c=s.get(l);c||(c={deviceId:l,name:X(n[l])??a.entity_id,entities:{}},s.set(l,c)),c.entities[d]??=a.entity_id}let o=[...s.values()].filter(a=>a.entities.load_status);return{panelDeviceId:t,site:r,loads:o}}function de(i){if(!i)return{};let e=ct(i,{}),t=e?i.devices[e]?.config_entries?.[0]:void 0;return t?{entry_id:t}:{}}var O=class{constructor(){this._key=[];this._found=null}get(e,t){if(!e||!t)return null;let n=[e.entities,e.devices,t];return n.some((r,s)=>r!==this._key[s])&&(this._found=ni(e,t),this._key=n),this._found}};function Q(i,e){try{return new Intl.NumberFormat(i,{minimumFractionDigits:e,maximumFractionDigits:e})}catch{return new Intl.NumberFormat("en",{minimumFractionDigits:e,maximumFractionDigits:e})}}function v(i,e){return i==null||!Number.isFinite(i)?"—":Math.abs(i)>=1e3?`${Q(e,1).format(i/1e3)} kW`:`${Q(e,0).format(Math.round(i))} W`}function ut(i,e,t){if(e==="W")return v(i,t);if(e==="kW")return v(i*1e3,t);let n=Number.isInteger(i)?0:1;return`${Q(t,n).format(i)}${e?` ${e}`:""}`}function He(i,e){return`${Q(e,i>=100?0:1).format(i)} A`}function mt(i,e){let t=i/1e3;return`${Q(e,Number.isInteger(t)?0:1).format(t)} kW`}var pt={"card.name":"Capacity Manager","card.description":"Hausleistung gegenüber dem Limit, Prioritätenliste, Modus und alles zurückgeben.","timeline.name":"Capacity Manager Verlauf","timeline.description":"Die letzten Stunden Hausleistung gegenüber dem Limit, mit Abwurf- und Rückgabe-Ereignissen.","site.power":"Hausleistung","site.of_limit":"von {limit} Limit","site.no_limit":"kein Limit bekannt","site.headroom":"{value} Reserve","site.over":"{value} über dem Limit","site.unavailable":"Hausleistung nicht verfügbar","source.panel":"Hauptsicherung","source.continuous":"Dauerlast-Grenze 80 %","source.grid":"Netzvorgabe","source.override":"manuelle Vorgabe","source.window":"Tarif-Zeitfenster","mark.limit":"Limit","mark.shed":"Abwurf über","mark.target":"Abwurf bis","mark.restore":"Rückgabe unter","status.normal":"Normal","status.shedding":"Lastabwurf","status.restoring":"Rückgabe","status.failsafe":"Notbetrieb","status.monitor":"Beobachten","status.off":"Aus","status.unknown":"Unbekannt","phases.title":"Phasen","phases.label":"L{n}","loads.title":"Prioritätenliste","loads.hint":"Abwurf von unten nach oben","loads.none":"Noch keine steuerbaren Verbraucher. In den Einstellungen der Integration hinzufügen.","loads.priority":"Priorität {n}","load.on":"An","load.shed":"Abgeworfen","load.modulated":"Gedrosselt auf {value}","load.modulated_plain":"Gedrosselt","load.override":"Manuell übersteuert","load.unavailable":"Nicht verfügbar","load.never_shed":"Nie abwerfen","load.off":"Aus","load.unknown":"Unbekannt","reason.over_limit":"über dem Limit","reason.continuous_limit":"Dauerlast-Grenze 80 %","reason.phase_limit":"Phasenstrom-Grenze","reason.window_limit":"gleitender Mittelwert","reason.headroom":"wieder Reserve","reason.max_off_time":"maximale Aus-Zeit","reason.export_limit":"Einspeisegrenze","reason.failsafe":"Notbetrieb: Hausleistung unbekannt","reason.manual":"manuell","reason.mode_change":"Moduswechsel","mode.title":"Modus","mode.active":"Aktiv","mode.monitor":"Beobachten","mode.off":"Aus","action.restore_all":"Alle zurückgeben","action.restore_all_hint":"Alle von Capacity Manager gehaltenen Verbraucher zurückgeben","error.not_found":"Kein Capacity Manager gefunden. Im Karten-Editor auswählen.","error.no_entities":"Die Entitäten von Capacity Manager sind noch nicht verfügbar.","timeline.hours":"Letzte {hours} h","timeline.power":"Hausleistung","timeline.limit":"Limit","timeline.shed":"Abgeworfen","timeline.restored":"Zurückgegeben","timeline.loading":"Verlauf wird geladen…","timeline.no_data":"Kein Verlauf in diesem Zeitraum.","timeline.error":"Der Verlauf konnte nicht geladen werden.","editor.entry_id":"Capacity Manager","editor.device_id":"Verteiler-Gerät (statt des Eintrags)","editor.title":"Titel (optional)","editor.show_phases":"Phasenbalken anzeigen","editor.show_loads":"Prioritätenliste anzeigen","editor.show_controls":"Modus und „Alle zurückgeben“ anzeigen","editor.hours_to_show":"Angezeigte Stunden"};var ee={"card.name":"Capacity Manager","card.description":"Site power against the limit, the priority ladder, mode and restore all.","timeline.name":"Capacity Manager timeline","timeline.description":"The last hours of site power against the limit, with shed and restore events.","site.power":"Site power","site.of_limit":"of {limit} limit","site.no_limit":"no limit known","site.headroom":"{value} headroom","site.over":"{value} over the limit","site.unavailable":"Site power unavailable","source.panel":"panel limit","source.continuous":"continuous 80 % limit","source.grid":"grid limit","source.override":"your override","source.window":"tariff window limit","mark.limit":"Limit","mark.shed":"Shed above","mark.target":"Shed down to","mark.restore":"Restore below","status.normal":"Normal","status.shedding":"Shedding","status.restoring":"Restoring","status.failsafe":"Failsafe","status.monitor":"Monitoring","status.off":"Off","status.unknown":"Unknown","phases.title":"Phases","phases.label":"L{n}","loads.title":"Priority ladder","loads.hint":"shed from the bottom up","loads.none":"No controllable loads yet. Add one in the integration's settings.","loads.priority":"Priority {n}","load.on":"On","load.shed":"Shed","load.modulated":"Modulated at {value}","load.modulated_plain":"Modulated","load.override":"Manual override","load.unavailable":"Unavailable","load.never_shed":"Never shed","load.off":"Off","load.unknown":"Unknown","reason.over_limit":"over the limit","reason.continuous_limit":"continuous 80 % limit","reason.phase_limit":"phase current limit","reason.window_limit":"rolling average limit","reason.headroom":"headroom returned","reason.max_off_time":"maximum off time","reason.export_limit":"export limit","reason.failsafe":"failsafe: site power unknown","reason.manual":"manual","reason.mode_change":"mode change","mode.title":"Mode","mode.active":"Active","mode.monitor":"Monitor","mode.off":"Off","action.restore_all":"Restore all","action.restore_all_hint":"Give back every load Capacity Manager holds","error.not_found":"No Capacity Manager found. Choose one in the card editor.","error.no_entities":"Capacity Manager entities are not available yet.","timeline.hours":"Last {hours} h","timeline.power":"Site power","timeline.limit":"Limit","timeline.shed":"Shed","timeline.restored":"Restored","timeline.loading":"Loading history…","timeline.no_data":"No history in this period.","timeline.error":"History could not be loaded.","editor.entry_id":"Capacity Manager","editor.device_id":"Panel device (instead of the entry)","editor.title":"Title (optional)","editor.show_phases":"Show phase bars","editor.show_loads":"Show the priority ladder","editor.show_controls":"Show mode and restore all","editor.hours_to_show":"Hours to show"};var ht={"card.name":"Capacity Manager","card.description":"Puissance du site face à la limite, liste de priorités, mode et tout rétablir.","timeline.name":"Capacity Manager historique","timeline.description":"Les dernières heures de puissance du site face à la limite, avec délestages et rétablissements.","site.power":"Puissance du site","site.of_limit":"sur {limit} de limite","site.no_limit":"limite inconnue","site.headroom":"{value} de marge","site.over":"{value} au-dessus de la limite","site.unavailable":"Puissance du site indisponible","source.panel":"limite du tableau","source.continuous":"limite continue de 80 %","source.grid":"limite du réseau","source.override":"votre limite manuelle","source.window":"limite de la fenêtre tarifaire","mark.limit":"Limite","mark.shed":"Délestage au-dessus de","mark.target":"Délestage jusqu'à","mark.restore":"Rétablissement sous","status.normal":"Normal","status.shedding":"Délestage","status.restoring":"Rétablissement","status.failsafe":"Sécurité","status.monitor":"Surveillance","status.off":"Arrêt","status.unknown":"Inconnu","phases.title":"Phases","phases.label":"L{n}","loads.title":"Liste de priorités","loads.hint":"délestée de bas en haut","loads.none":"Aucune charge pilotable. Ajoutez-en une dans les réglages de l'intégration.","loads.priority":"Priorité {n}","load.on":"En marche","load.shed":"Délestée","load.modulated":"Modulée à {value}","load.modulated_plain":"Modulée","load.override":"Reprise manuelle","load.unavailable":"Indisponible","load.never_shed":"Jamais délestée","load.off":"Arrêtée","load.unknown":"Inconnu","reason.over_limit":"au-dessus de la limite","reason.continuous_limit":"limite continue de 80 %","reason.phase_limit":"limite de courant de phase","reason.window_limit":"limite en moyenne glissante","reason.headroom":"marge retrouvée","reason.max_off_time":"durée d'arrêt maximale","reason.export_limit":"limite d'injection","reason.failsafe":"sécurité : puissance du site inconnue","reason.manual":"manuel","reason.mode_change":"changement de mode","mode.title":"Mode","mode.active":"Actif","mode.monitor":"Surveillance","mode.off":"Arrêt","action.restore_all":"Tout rétablir","action.restore_all_hint":"Rendre toutes les charges retenues par Capacity Manager","error.not_found":"Aucun Capacity Manager trouvé. Choisissez-en un dans l'éditeur de carte.","error.no_entities":"Les entités de Capacity Manager ne sont pas encore disponibles.","timeline.hours":"Dernières {hours} h","timeline.power":"Puissance du site","timeline.limit":"Limite","timeline.shed":"Délestée","timeline.restored":"Rétablie","timeline.loading":"Chargement de l'historique…","timeline.no_data":"Pas d'historique sur cette période.","timeline.error":"L'historique n'a pas pu être chargé.","editor.entry_id":"Capacity Manager","editor.device_id":"Appareil du tableau (au lieu de l'entrée)","editor.title":"Titre (facultatif)","editor.show_phases":"Afficher les barres de phase","editor.show_loads":"Afficher la liste de priorités","editor.show_controls":"Afficher le mode et « Tout rétablir »","editor.hours_to_show":"Heures affichées"};var ri={en:ee,de:pt,fr:ht};function si(i){return(i||"en").toLowerCase().split(/[-_]/)[0]||"en"}function E(i){let e=ri[si(i)]??ee;return(t,n)=>{let r=e[t]??ee[t]??t;if(n)for(let[s,o]of Object.entries(n))r=r.split(`{${s}}`).join(String(o));return r}}function C(i,e,t){let n=`${e}.${t}`;return n in ee?i(n):t.replace(/_/g," ")}var oi=["active","monitor","off"],ai=new Set(["unavailable","unknown","","none"]);function ce(i){return i!==void 0&&!ai.has(i.state)}function _(i){if(i==null||i===""||typeof i=="boolean")return null;let e=typeof i=="number"?i:Number(i);return Number.isFinite(e)?e:null}function te(i){if(!ce(i))return null;let e=_(i.state);return e===null?null:e*ue(i)}function ue(i){let e=String(i?.attributes.unit_of_measurement??"W");return e==="kW"?1e3:e==="MW"?1e6:1}function ft(i){if(!Array.isArray(i))return[];let e=i.map(_);return e.every(t=>t!==null)?e:[]}function li(i,e){if(!i)return[];let t=ft(i.attributes.phase_currents_a),n=e?.attributes.phase_limit_a??e?.attributes.phase_limits_a,r=Array.isArray(n)?ft(n):[],s=_(n);return t.map((o,a)=>({index:a+1,currentA:o,limitA:r[a]??s}))}function di(i,e,t,n){return i===null||e===null?"unknown":i>(t??e)?"over":i>(n??e*.85)?"near":"ok"}function ci(i,e,t,n){let r=i.states[e],s=r?.attributes??{},o=_(s.priority)??_(n?i.states[n]?.state:null),a=r?.state??"unavailable";return{entityId:e,name:t,priority:o===null?null:Math.round(o),status:a==="unknown"?"unavailable":a,powerW:_(s.power_w),setpoint:_(s.setpoint),setpointUnit:typeof s.setpoint_unit=="string"?s.setpoint_unit:null,reason:typeof s.reason=="string"&&s.reason?s.reason:null}}function ui(i){return[...i].sort((e,t)=>{let n=e.priority??Number.POSITIVE_INFINITY,r=t.priority??Number.POSITIVE_INFINITY;return n-r||e.name.localeCompare(t.name)})}function gt(i,e){let t=A=>A?i.states[A]:void 0,n=t(e.site.site_power),r=t(e.site.effective_limit),s=te(n),o=te(r),a=r?.attributes??{},l=_(a.shed_threshold_w),d=_(a.target_w),c=_(a.restore_threshold_w),u=te(t(e.site.headroom)),h=t(e.site.mode),g=h?.attributes.options,y=t(e.site.restore_all),ne=t(e.site.status),W=e.loads.map(A=>ci(i,A.entities.load_status,A.name,A.entities.priority));return{powerW:s,limitW:o,limitSource:typeof a.limit_source=="string"?a.limit_source:null,headroomW:u??(s!==null&&o!==null?o-s:null),shedW:l,targetW:d,restoreW:c,zone:di(s,o,l,c),status:ce(ne)?ne.state:null,mode:ce(h)?h.state:null,modeEntity:e.site.mode??null,modeOptions:Array.isArray(g)&&g.length?g.map(String):oi,modeAvailable:ce(h),restoreEntity:e.site.restore_all??null,restoreAvailable:y!==void 0&&y.state!=="unavailable",phases:li(n,r),loads:ui(W)}}function vt(i){return i.loads.length?i.loads.some(e=>e.status==="shed"||e.status==="modulated"):!0}function _t(i){let e=Math.max((i.limitW??0)*1.15,(i.shedW??0)*1.05,(i.powerW??0)*1.05,1e3),t=e>2e4?5e3:e>5e3?1e3:500;return Math.ceil(e/t)*t}function ie(i,e){return i===null||e<=0?null:Math.min(100,Math.max(0,i/e*100))}var yt={restore:"mark.restore",target:"mark.target",shed:"mark.shed",limit:"mark.limit"};function mi(i,e,t){return i.headroomW===null?m:i.headroomW<0?p`<span class="headroom over">${t("site.over",{value:v(-i.headroomW,e)})}</span>`:p`<span class="headroom">${t("site.headroom",{value:v(i.headroomW,e)})}</span>`}function bt(i,e,t){let n=_t(i),r=[["restore",i.restoreW],["target",i.targetW],["shed",i.shedW],["limit",i.limitW]],s=ie(i.powerW,n)??0,o=ie(i.limitW,n),a=i.limitW===null?t("site.no_limit"):t("site.of_limit",{limit:v(i.limitW,e)});return p`
    <div class="reading">
      <div class="reading-main">
        <span class="big" data-value="site-power">${i.powerW===null?"—":v(i.powerW,e)}</span>
        <span class="muted" data-value="limit">${a}</span>
        ${i.limitSource&&i.limitSource!=="panel"?p`<span class="source" data-value="limit-source">${C(t,"source",i.limitSource)}</span>`:m}
      </div>
      ${mi(i,e,t)}
    </div>
    <div
      class="gauge"
      role="meter"
      aria-label=${t("site.power")}
      aria-valuemin="0"
      aria-valuemax=${n}
      aria-valuenow=${i.powerW??0}
      aria-valuetext=${`${v(i.powerW,e)} ${a}`}
    >
      ${o===null?m:p`<div class="over-zone" style="left:${o}%"></div>`}
      <div class="fill zone-${i.zone}" style="width:${s}%"></div>
      ${r.map(([l,d])=>{let c=ie(d,n);return c===null?m:p`<div
              class="mark mark-${l}"
              data-mark=${l}
              style="left:${c}%"
              title=${`${t(yt[l])} ${v(d,e)}`}
            ></div>`})}
    </div>
    <div class="legend">
      ${r.filter(([l,d])=>d!==null&&l!=="limit").map(([l,d])=>p`<span class="legend-item"><i class="key key-${l}"></i>${t(yt[l])} ${v(d,e)}</span>`)}
    </div>
  `}function pi(i){if(i.limitA===null||i.limitA<=0)return"ok";let e=i.currentA/i.limitA;return e>.95?"over":e>.85?"near":"ok"}function xt(i,e,t){if(!i.length)return m;let n=Math.max(...i.map(r=>r.limitA??r.currentA*1.2),1);return p`
    <div class="phases" aria-label=${t("phases.title")}>
      ${i.map(r=>p`
          <div class="phase" data-phase=${r.index}>
            <span class="phase-label">${t("phases.label",{n:r.index})}</span>
            <div class="phase-track">
              <div class="phase-fill zone-${pi(r)}" style="width:${ie(r.currentA,n)}%"></div>
            </div>
            <span class="phase-value">
              ${He(r.currentA,e)}${r.limitA===null?m:p`<span class="muted"> / ${He(r.limitA,e)}</span>`}
            </span>
          </div>
        `)}
    </div>
  `}var $t=b`
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
`;function Ie(i,e,t){i.dispatchEvent(new CustomEvent(e,{detail:t,bubbles:!0,composed:!0}))}function wt(i,e){Ie(i,"hass-more-info",{entityId:e})}async function At(){if(customElements.get("ha-form"))return;let i=customElements.get("hui-entities-card");try{await i?.getConfigElement?.()}catch{}}var me=b`
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
`;function pe(i){switch(i){case"normal":case"on":return"ok";case"shedding":case"failsafe":case"shed":return"over";case"restoring":case"modulated":return"near";case"monitor":case"override":case"never_shed":return"info";default:return"muted"}}function hi(i,e,t){return i.status==="modulated"?i.setpoint===null?t("load.modulated_plain"):t("load.modulated",{value:ut(i.setpoint,i.setpointUnit,e)}):C(t,"load",i.status)}function fi(i,e){return!i.reason||!["shed","modulated"].includes(i.status)?null:C(e,"reason",i.reason)}function kt(i,e,t,n){let r=(s,o)=>{s instanceof KeyboardEvent&&s.key!=="Enter"&&s.key!==" "||(s.preventDefault(),n(o))};return p`
    <div class="ladder">
      <div class="ladder-head">
        <span class="section-title">${t("loads.title")}</span>
        ${i.length>1?p`<span class="muted">${t("loads.hint")}</span>`:m}
      </div>
      ${i.length?p`<ul>
            ${i.map(s=>{let o=fi(s,t);return p`
                <li
                  class="load"
                  role="button"
                  tabindex="0"
                  data-entity=${s.entityId}
                  data-status=${s.status}
                  @click=${a=>r(a,s.entityId)}
                  @keydown=${a=>r(a,s.entityId)}
                >
                  <span class="prio" title=${s.priority===null?"":t("loads.priority",{n:s.priority})}
                    >${s.priority??"–"}</span
                  >
                  <span class="name">
                    <span class="load-name">${s.name}</span>
                    ${o?p`<span class="reason">${o}</span>`:m}
                  </span>
                  <span class="chip tone-${pe(s.status)}" data-role="status">${hi(s,e,t)}</span>
                  <span class="power" data-role="power">${v(s.powerW,e)}</span>
                </li>
              `})}
          </ul>`:p`<div class="message">${t("loads.none")}</div>`}
    </div>
  `}var St=b`
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
`;var he="capacity-manager-card",De="capacity-manager-card-editor";function Ne(i){if(!i||typeof i!="object")throw new Error("Invalid configuration: expected a mapping.");for(let e of["entry_id","device_id","title"]){let t=i[e];if(t!=null&&typeof t!="string")throw new Error(`Invalid configuration: ${e} must be text.`)}}var z=class extends x{constructor(){super(...arguments);this._cache=new O}static getConfigElement(){return document.createElement(De)}static getStubConfig(t){return{type:`custom:${he}`,...de(t)}}setConfig(t){Ne(t),this._config={...t}}getCardSize(){let t=this._discover()?.loads.length??0;return 3+Math.ceil(t*.8)+(this._config?.show_controls===!1?0:1)}getGridOptions(){return{columns:12,min_columns:6}}_discover(){return this._cache.get(this.hass,this._config)}shouldUpdate(t){if(t.size!==1||!t.has("hass"))return!0;let n=t.get("hass"),r=this.hass;if(!n||!r||n.entities!==r.entities||n.devices!==r.devices||n.language!==r.language)return!0;let s=this._discover();return s?[...Object.values(s.site),...s.loads.flatMap(a=>Object.values(a.entities))].some(a=>n.states[a]!==r.states[a]):!0}async _selectMode(t,n){!this.hass||!t.modeEntity||n===t.mode||await this.hass.callService("select","select_option",{entity_id:t.modeEntity,option:n})}async _restoreAll(t){!this.hass||!t.restoreEntity||await this.hass.callService("button","press",{entity_id:t.restoreEntity})}_renderControls(t,n){return this._config?.show_controls===!1||!t.modeEntity&&!t.restoreEntity?m:p`
      <div class="controls">
        ${t.modeEntity?p`<div class="modes" role="group" aria-label=${n("mode.title")}>
              ${t.modeOptions.map(r=>p`<button
                  class="mode"
                  data-option=${r}
                  aria-pressed=${r===t.mode?"true":"false"}
                  ?disabled=${!t.modeAvailable}
                  @click=${()=>this._selectMode(t,r)}
                >
                  ${C(n,"mode",r)}
                </button>`)}
            </div>`:m}
        ${t.restoreEntity?p`<button
              class="restore"
              title=${n("action.restore_all_hint")}
              ?disabled=${!t.restoreAvailable||!vt(t)}
              @click=${()=>this._restoreAll(t)}
            >
              ${n("action.restore_all")}
            </button>`:m}
      </div>
    `}render(){if(!this._config||!this.hass)return m;let t=this.hass.locale?.language||this.hass.language||"en",n=E(this.hass.language),r=this._discover(),s=this._config.title||X(r?.panelDeviceId?this.hass.devices[r.panelDeviceId]:void 0)||n("card.name");if(!r)return p`<ha-card><div class="header"><span class="title">${s}</span></div>
        <div class="message" data-role="error">${n("error.not_found")}</div></ha-card>`;if(!r.site.site_power&&!r.site.effective_limit)return p`<ha-card><div class="header"><span class="title">${s}</span></div>
        <div class="message" data-role="error">${n("error.no_entities")}</div></ha-card>`;let o=gt(this.hass,r),a=o.status??"unknown";return p`
      <ha-card>
        <div class="header">
          <span class="title">${s}</span>
          <span class="chip tone-${pe(o.status)}" data-role="site-status" data-status=${a}
            >${C(n,"status",a)}</span
          >
        </div>
        ${bt(o,t,n)}
        ${this._config.show_phases===!1?m:xt(o.phases,t,n)}
        ${this._config.show_loads===!1?m:kt(o.loads,t,n,l=>wt(this,l))}
        ${this._renderControls(o,n)}
      </ha-card>
    `}};z.properties={hass:{attribute:!1},_config:{state:!0}},z.styles=[me,$t,St,b`
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
    `];var Et=[{name:"entry_id",selector:{config_entry:{integration:le}}},{name:"device_id",selector:{device:{entity:[{integration:le,domain:"select"}]}}},{name:"title",selector:{text:{}}}],U=class extends x{constructor(){super(...arguments);this.defaults={}}setConfig(t){this._config={...t}}connectedCallback(){super.connectedCallback(),At().then(()=>this.requestUpdate())}_changed(t){if(t.stopPropagation(),!this._config)return;let n={type:this._config.type};for(let[r,s]of Object.entries({...this._config,...t.detail.value})){let o=s==null||s==="";r!=="type"&&!o&&this.defaults[r]!==s&&(n[r]=s)}this._config=n,Ie(this,"config-changed",{config:n})}render(){if(!this.hass||!this._config)return m;let t=E(this.hass.language);return p`<ha-form
      .hass=${this.hass}
      .data=${{...this.defaults,...this._config}}
      .schema=${this.schema}
      .computeLabel=${n=>t(`editor.${n.name}`)}
      @value-changed=${this._changed}
    ></ha-form>`}};U.properties={hass:{attribute:!1},_config:{state:!0}},U.styles=b`
    :host {
      display: block;
    }
  `;var fe=class extends U{constructor(){super(...arguments);this.defaults={show_phases:!0,show_loads:!0,show_controls:!0}}get schema(){return[...Et,{name:"show_phases",selector:{boolean:{}}},{name:"show_loads",selector:{boolean:{}}},{name:"show_controls",selector:{boolean:{}}}]}},ge=class extends U{constructor(){super(...arguments);this.defaults={hours_to_show:24}}get schema(){return[...Et,{name:"hours_to_show",selector:{number:{min:1,max:168,step:1,mode:"box",unit_of_measurement:"h"}}}]}};var Oe=new Set(["shed","modulated"]);function gi(i){let e=_(i.lu??i.lc);if(e!==null)return e*1e3;let t=i.last_updated??i.last_changed,n=typeof t=="string"?Date.parse(t):Number.NaN;return Number.isFinite(n)?n:null}function Ct(i){return String(i.s??i.state??"")}function ze(i,e=1){if(!Array.isArray(i))return[];let t=[];for(let n of i){if(!n||typeof n!="object")continue;let r=gi(n);if(r===null)continue;let s=_(Ct(n));t.push({t:r,v:s===null?null:s*e})}return t.sort((n,r)=>n.t-r.t)}function Tt(i,e){let t=new Map;if(!i||typeof i!="object")return t;for(let n of e){let r=i[n];Array.isArray(r)&&r.length&&r[0]&&typeof r[0]=="object"&&t.set(n,Ct(r[0]))}return t}function Mt(i,e,t=new Map){if(!Array.isArray(i))return[];let n=i.filter(o=>!!o&&typeof o=="object").map(o=>({t:typeof o.when=="string"?Date.parse(o.when):(_(o.when)??Number.NaN)*1e3,entityId:typeof o.entity_id=="string"?o.entity_id:"",state:typeof o.state=="string"?o.state:"",name:typeof o.name=="string"?o.name:""})).filter(o=>Number.isFinite(o.t)&&e.has(o.entityId)&&o.state).sort((o,a)=>o.t-a.t),r=new Map(t),s=[];for(let o of n){let a=r.get(o.entityId);if(r.set(o.entityId,o.state),o.state===a)continue;let l=e.get(o.entityId)||o.name||o.entityId;Oe.has(o.state)&&!(a&&Oe.has(a))?s.push({t:o.t,kind:"shed",entityId:o.entityId,name:l,state:o.state}):o.state==="on"&&a&&Oe.has(a)&&s.push({t:o.t,kind:"restore",entityId:o.entityId,name:l,state:o.state})}return s}function Ue(i,e){let t=null;for(let n of i){if(n.t>e)break;t=n.v}return t}function Pt(...i){let e=0;for(let t of i)for(let n of t)n.v!==null&&n.v>e&&(e=n.v);return e}function Rt(i){let e=Math.max(i*1.1,1e3),n=[250,500,1e3,2e3,2500,5e3,1e4,2e4,25e3,5e4,1e5].find(o=>e/o<=5)??Math.ceil(e/5/1e5)*1e5,r=Math.ceil(e/n)*n,s=[];for(let o=0;o<=r+1e-9;o+=n)s.push(o);return{max:r,ticks:s}}function vi(i){let e=null;try{e=new Intl.DateTimeFormat("en-GB",{hour:"2-digit",minute:"2-digit",hourCycle:"h23",timeZone:i})}catch{}return t=>{if(!e){let s=new Date(t);return[s.getHours(),s.getMinutes()]}let n=e.formatToParts(t),r=s=>Number(n.find(o=>o.type===s)?.value);return[r("hour"),r("minute")]}}function Lt(i,e,t,n=6){let o=(e-i)/36e5,a=[1,2,3,6,12,24,48].find(c=>o/c<=n)??24,l=vi(t),d=[];for(let c=Math.floor(i/9e5)*9e5+9e5;c<e;c+=9e5){let[u,h]=l(c);h===0&&(a>=24?u===0:u%a===0)&&d.push(c)}return d}function Ve(i,e,t){let n=[],r=[],s=i.filter(o=>o.t<=t);return s.forEach((o,a)=>{let l=Math.max(o.t,e),d=Math.min(a+1<s.length?s[a+1].t:t,t);if(d<=e||o.v===null){r.length&&n.push(r),r=[];return}d>l&&r.push({t0:l,t1:d,v:o.v})}),r.length&&n.push(r),n}var w=i=>i.toFixed(1);function ve(i,e,t,n=!1){return i.map(r=>{let s=r[r.length-1];return n?`${r.map((a,l)=>`${l===0?"M":"L"}${w(e(a.t0))},${w(t(a.v))}`).join("")}L${w(e(s.t1))},${w(t(s.v))}`:r.map((o,a)=>`${a===0?`M${w(e(o.t0))},`:"V"}${w(t(o.v))}H${w(e(o.t1))}`).join("")}).join("")}function Ht(i,e,t,n,r=!1){return i.map(s=>{let o=s[0],a=ve([s],e,t,r).replace(/^M/,"L");return`M${w(e(o.t0))},${w(n)}${a}V${w(n)}Z`}).join("")}function It(i,e,t,n){let r=Math.max(1,Math.floor(n));if(i.length<=r*2)return i;let s=(t-e)/r,o=[],a=null,l=Number.NaN;for(let d of i){let c=d.t<e?-1:Math.floor((d.t-e)/s);c!==l||a===null?(a&&o.push(a),a={t:c<0?d.t:e+c*s,v:d.v},l=c):c<0?a={t:d.t,v:d.v}:d.v!==null&&(a.v===null||d.v>a.v)&&(a.v=d.v)}return a&&o.push(a),o}var _e=190,I=18,_i=22,T=46,yi=8;function Nt(i){return i.locale?.time_zone==="server"?i.config?.time_zone:void 0}function Dt(i,e){let t=i.locale?.time_format,n={hour:e?"numeric":"2-digit",minute:e?void 0:"2-digit",hour12:t==="12"?!0:t==="24"?!1:void 0,timeZone:Nt(i)};try{return new Intl.DateTimeFormat(i.locale?.language||i.language||"en",n)}catch{return new Intl.DateTimeFormat("en",{hour:"2-digit",minute:"2-digit"})}}function Ot(i,e,t,n,r){let s=t.locale?.language||t.language||"en",o=Math.max(e-32,240),a=o-T-yi,l=_e-_i,{max:d,ticks:c}=Rt(Pt(i.power,i.limit)),u=Math.max(i.end-i.start,1),h=f=>T+(f-i.start)/u*a,g=f=>l-Math.max(0,Math.min(f,d))/d*(l-I),y=Dt(t,!1),ne=Dt(t,!0),W=Ve(It(i.power,i.start,i.end,a/2),i.start,i.end),A=Ve(i.limit,i.start,i.end),Fe=i.events.filter(f=>f.kind==="shed").length,Ut=i.events.length-Fe;if(!W.length&&!A.length)return p`<div class="message" data-role="empty">${n("timeline.no_data")}</div>`;let Vt=f=>{let M=f.currentTarget.getBoundingClientRect(),F=(f.clientX-M.left)/M.width*o;r.set(F<T||F>T+a?null:i.start+(F-T)/a*u)},$=r.t;return p`
    <div class="chart">
      <svg
        viewBox="0 0 ${o} ${_e}"
        width=${o}
        height=${_e}
        role="img"
        aria-label=${`${n("timeline.power")} / ${n("timeline.limit")}`}
        @pointermove=${Vt}
        @pointerleave=${()=>r.set(null)}
      >
        ${c.map(f=>J`<line class="grid" x1=${T} x2=${T+a} y1=${g(f)} y2=${g(f)}></line>
            <text class="ylabel" x=${T-6} y=${g(f)+4}>${mt(f,s)}</text>`)}
        ${Lt(i.start,i.end,Nt(t),Math.max(2,Math.floor(a/64))).map(f=>J`<line class="grid vgrid" x1=${h(f)} x2=${h(f)} y1=${I} y2=${l}></line>
            <text class="xlabel" x=${h(f)} y=${_e-6}>${ne.format(f)}</text>`)}
        <path class="power-area" d=${Ht(W,h,g,l,!0)}></path>
        <path class="power-line" data-series="power" d=${ve(W,h,g,!0)}></path>
        <path class="limit-line" data-series="limit" d=${ve(A,h,g)}></path>
        ${i.events.map(f=>{let M=h(f.t),F=f.kind==="shed"?`M${M-5},${I-12}h10l-5,8z`:`M${M-5},${I-4}h10l-5,-8z`;return J`<g class="event ${f.kind}" data-kind=${f.kind} data-entity=${f.entityId}>
            <title>${y.format(f.t)} ${f.name}: ${n(f.kind==="shed"?"timeline.shed":"timeline.restored")}</title>
            <line x1=${M} x2=${M} y1=${I} y2=${l}></line>
            <path d=${F}></path>
          </g>`})}
        ${$===null?m:J`<line class="cursor" x1=${h($)} x2=${h($)} y1=${I} y2=${l}></line>`}
      </svg>
      ${$===null?m:p`<div class="readout" style=${h($)>o/2?`right:${o-h($)+8}px`:`left:${h($)+8}px`}>
            <b>${y.format($)}</b>
            <span>${n("timeline.power")}: ${v(Ue(i.power,$),s)}</span>
            <span>${n("timeline.limit")}: ${v(Ue(i.limit,$),s)}</span>
          </div>`}
    </div>
    <div class="legend">
      <span><i class="swatch power"></i>${n("timeline.power")}</span>
      <span><i class="swatch limit"></i>${n("timeline.limit")}</span>
      <span data-role="event-count"><i class="tri shed">▼</i>${n("timeline.shed")} ${Fe}</span>
      <span><i class="tri restore">▲</i>${n("timeline.restored")} ${Ut}</span>
    </div>
  `}var zt=b`
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
    top: ${I}px;
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
`;var ye="capacity-manager-timeline-card",We="capacity-manager-timeline-card-editor",bi=5*6e4,xi=24,V=class extends x{constructor(){super(...arguments);this._error=!1;this._width=0;this._hover=null;this._loading=!1;this._loadedFor="";this._cache=new O}static getConfigElement(){return document.createElement(We)}static getStubConfig(t){return{type:`custom:${ye}`,...de(t)}}setConfig(t){Ne(t);let n=t.hours_to_show;if(n!==void 0&&(typeof n!="number"||!(n>=1&&n<=168)))throw new Error("Invalid configuration: hours_to_show must be a number from 1 to 168.");this._config={...t}}getCardSize(){return 4}getGridOptions(){return{columns:12,min_columns:6}}get _hours(){return this._config?.hours_to_show??xi}connectedCallback(){super.connectedCallback(),this._timer=window.setInterval(()=>{this._load(!0)},bi),this._resize=new ResizeObserver(t=>{let n=Math.floor(t[0]?.contentRect.width??0);n&&n!==this._width&&(this._width=n)}),this._resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),window.clearInterval(this._timer),this._resize?.disconnect()}shouldUpdate(t){if(t.size===1&&t.has("hass")){let n=t.get("hass"),r=this._found()?[this._found()?.site.site_power,this._found()?.site.effective_limit]:[];return!n||r.some(s=>s&&n.states[s]!==this.hass?.states[s])||n.language!==this.hass?.language}return!0}updated(){let t=this._found(),n=JSON.stringify([t?.panelDeviceId,this._hours]);this.hass&&t&&n!==this._loadedFor&&(this._loadedFor=n,this._load(!1))}_found(){return this._cache.get(this.hass,this._config)}async _load(t){let n=this.hass,r=this._found();if(!n||!r||this._loading)return;let s=r.site.site_power,o=r.site.effective_limit,a=r.loads.map(u=>u.entities.load_status),l=Date.now(),d=l-this._hours*36e5,c={start_time:new Date(d).toISOString(),end_time:new Date(l).toISOString()};this._loading=!0;try{let[u,h]=await Promise.all([n.connection.sendMessagePromise({type:"history/history_during_period",...c,entity_ids:[s,o,...a].filter(Boolean),minimal_response:!0,no_attributes:!0,significant_changes_only:!1}),a.length?n.connection.sendMessagePromise({type:"logbook/get_events",...c,entity_ids:a}):Promise.resolve([])]),g=new Map(r.loads.map(y=>[y.entities.load_status,y.name]));this._data={start:d,end:l,power:s?ze(u?.[s],ue(n.states[s])):[],limit:o?ze(u?.[o],ue(n.states[o])):[],events:Mt(h,g,Tt(u,a))},this._error=!1}catch(u){(!t||!this._data)&&(this._error=!0),console.warn("capacity-manager-timeline-card: history could not be loaded",u)}finally{this._loading=!1}}_liveData(t){let n=this._data,r=this.hass;if(!n||!r)return n;let s=Math.max(Date.now(),n.end),o=s-this._hours*36e5,a=(d,c)=>{let u=c?te(r.states[c]):null;return u===null?d:[...d,{t:s,v:u}]},l=n.events.filter(d=>d.t>=o);return{start:o,end:s,power:a(n.power,t.site.site_power),limit:a(n.limit,t.site.effective_limit),events:l}}render(){if(!this._config||!this.hass)return m;let t=E(this.hass.language),n=this._found(),r=this._config.title||X(n?.panelDeviceId?this.hass.devices[n.panelDeviceId]:void 0)||t("timeline.name"),s;if(!n)s=p`<div class="message" data-role="error">${t("error.not_found")}</div>`;else if(this._error)s=p`<div class="message" data-role="error">${t("timeline.error")}</div>`;else{let o=this._liveData(n);s=o?Ot(o,this._width,this.hass,t,{t:this._hover,set:a=>this._hover=a}):p`<div class="message" data-role="loading">${t("timeline.loading")}</div>`}return p`
      <ha-card>
        <div class="header">
          <span class="title">${r}</span>
          <span class="muted subtitle">${t("timeline.hours",{hours:this._hours})}</span>
        </div>
        ${s}
      </ha-card>
    `}};V.properties={hass:{attribute:!1},_config:{state:!0},_data:{state:!0},_error:{state:!0},_width:{state:!0},_hover:{state:!0}},V.styles=[me,zt];var $i="https://github.com/capacity-manager/capacity-manager",wi=[[he,z],[De,fe],[ye,V],[We,ge]];function Ai(){for(let[i,e]of wi)customElements.get(i)||customElements.define(i,e)}function ki(){let i=E(document.documentElement.lang||navigator.language),e=window.customCards??=[],t=[{type:he,name:i("card.name"),description:i("card.description")},{type:ye,name:i("timeline.name"),description:i("timeline.description")}];for(let n of t)e.some(r=>r.type===n.type)||e.push({...n,preview:!0,documentationURL:$i})}ki();customElements.whenDefined("home-assistant").then(Ai);
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
